namespace TurtleHarbor.Tests.Core.Migration;

/// <summary>
/// turtle-harbor 0.x configs, re-typed with the keys and values of the Rust tool's README and its two example
/// configs (examples/scripts.yml, examples/python-script/scripts.yml), plus a weekday schedule.
/// </summary>
internal static class ZeroXFixtures
{
    public const string Readme = """
        # scripts.yml as the 0.x README shows it
        settings:
          log_dir: "./logs"

        scripts:
          backend:
            command: "./backend.sh"
            restart_policy: "always"
            max_restarts: 5
            cron: "0 */1 * * * * *"

        """;

    public const string Example = """
        settings:
          log_dir: "./logs"

        scripts:
          backend:
            command: "./test_script.sh"
            restart_policy: "always"
            max_restarts: 5
            cron: "0 */1 * * * * *"
        """;

    public const string PythonExample = """
        settings:
          log_dir: "./logs"

        scripts:
          python-demo:
            command: "python main.py"
            context: "./examples/python-script"
            venv: ".venv"
            env:
              PYTHONUNBUFFERED: "1"
            restart_policy: "always"
            max_restarts: 3

        """;

    public const string Weekly = """
        scripts:
          sunday-backup:
            command: ./backup.sh   # the weekly one
            cron: '0 0 3 * * 1 *'
            restart_policy: never
          workday-report:
            command: ./report.sh
            cron: 0 0 9 * * 2-6
            restart_policy: never

        """;
}
