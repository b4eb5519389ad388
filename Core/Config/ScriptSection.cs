using SharpYaml.Model;
using SharpYaml.Serialization;

namespace TurtleHarbor.Core.Config;

internal sealed partial class ScriptSection
{
    [YamlPropertyName("command")]
    public YamlElement? Command { get; set; }

    [YamlPropertyName("restart_policy")]
    public YamlElement? RestartPolicy { get; set; }

    [YamlPropertyName("max_restarts")]
    public YamlElement? MaxRestarts { get; set; }

    [YamlPropertyName("restart_delay")]
    public YamlElement? RestartDelay { get; set; }

    [YamlPropertyName("cron")]
    public YamlElement? Cron { get; set; }

    [YamlPropertyName("timezone")]
    public YamlElement? Timezone { get; set; }

    [YamlPropertyName("missed")]
    public YamlElement? Missed { get; set; }

    [YamlPropertyName("context")]
    public YamlElement? Context { get; set; }

    [YamlPropertyName("env")]
    public Dictionary<string, YamlElement?>? Env { get; set; }

    [YamlPropertyName("env_file")]
    public YamlElement? EnvFile { get; set; }

    [YamlPropertyName("venv")]
    public YamlElement? Venv { get; set; }

    [YamlPropertyName("stop_signal")]
    public YamlElement? StopSignal { get; set; }

    [YamlPropertyName("stop_timeout")]
    public YamlElement? StopTimeout { get; set; }
}
