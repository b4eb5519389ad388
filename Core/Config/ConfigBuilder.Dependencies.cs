using System.Collections.Immutable;
using SharpYaml;
using SharpYaml.Model;

namespace TurtleHarbor.Core.Config;

// depends_on in compose's two forms (compose spec, services.depends_on): a list of names, or a mapping
// name -> { condition, required, restart }. Names are those of the same file: each config is its own project.
internal sealed partial class ConfigBuilder
{
    private static readonly (string, DependencyCondition)[] Conditions =
    [
        ("started", DependencyCondition.Started),
        ("healthy", DependencyCondition.Healthy),
        ("completed_successfully", DependencyCondition.CompletedSuccessfully),
        ("service_started", DependencyCondition.Started),
        ("service_healthy", DependencyCondition.Healthy),
        ("service_completed_successfully", DependencyCondition.CompletedSuccessfully),
    ];

    /// <summary>Where each script's depends_on entries are written, for the checks that need every script (names, cycles).</summary>
    private readonly Dictionary<string, List<(Dependency Dependency, Mark At)>> _dependencyMarks = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the script's section sets a <c>healthcheck</c>; answered where healthchecks are parsed.
    /// Left null when nothing answers, and then <c>condition: healthy</c> on it is not checked here.
    /// </summary>
    partial void HasHealthcheck(ScriptSection section, ref bool? has);

    private ImmutableArray<Dependency> DependsOn(string name, ScriptSection section)
    {
        var entries = new List<(Dependency, Mark)>();
        switch (section.DependsOn)
        {
            case null:
                break;
            case YamlValue value when YamlValueReader.IsNull(value):
                break;
            case YamlSequence list:
                foreach (var item in list)
                {
                    if (_values.Text(item, "depends_on") is { } dependency)
                    {
                        entries.Add((new Dependency(dependency.Trim(), DependencyCondition.Started), YamlValueReader.StartOf(item)));
                    }
                }

                break;
            case YamlMapping map:
                foreach (var (key, options) in map)
                {
                    if (_values.Text(key, "depends_on") is { } dependency
                        && DependencyOptions(name, dependency.Trim(), options) is { } condition)
                    {
                        entries.Add((new Dependency(dependency.Trim(), condition), YamlValueReader.StartOf(key)));
                    }
                }

                break;
            default:
                problems.Add(YamlValueReader.StartOf(section.DependsOn), $"'depends_on' of script '{Quoted.Cut(name)}' must be a list of script names or a mapping of names to {{ condition: ... }}, found {YamlValueReader.Describe(section.DependsOn)}");
                break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (dependency, at) in entries)
        {
            if (!seen.Add(dependency.Name))
            {
                problems.Add(at, $"script '{Quoted.Cut(name)}' lists '{Quoted.Cut(dependency.Name)}' twice in depends_on");
            }
        }

        _dependencyMarks[name] = entries;
        return [.. entries.Select(e => e.Item1).DistinctBy(d => d.Name)];
    }

    /// <summary>The long form's options: <c>condition</c> (default started); <c>required</c> and <c>restart</c> only at the values th implements.</summary>
    private DependencyCondition? DependencyOptions(string name, string dependency, YamlElement? options)
    {
        switch (options)
        {
            case null:
            case YamlValue value when YamlValueReader.IsNull(value):
                return DependencyCondition.Started;
            case YamlMapping map:
                DependencyCondition? condition = DependencyCondition.Started;
                foreach (var (keyElement, element) in map)
                {
                    var key = (keyElement as YamlValue)?.Scalar.Value ?? "";
                    switch (key)
                    {
                        case "condition":
                            condition = _values.Choice(element, "condition", Conditions);
                            break;
                        case "required" when _values.Boolean(element, "required") == false:
                            problems.Add(YamlValueReader.StartOf(element!), $"'required: false' is not supported: every depends_on entry of script '{Quoted.Cut(name)}' must be a script of this file; remove '{Quoted.Cut(dependency)}' from depends_on instead");
                            break;
                        case "restart" when _values.Boolean(element, "restart") == true:
                            problems.Add(YamlValueReader.StartOf(element!), $"'restart: true' is not supported: th does not restart a script when '{Quoted.Cut(dependency)}' restarts (compose's default, restart: false)");
                            break;
                        case "required" or "restart":
                            break;
                        default:
                            problems.Add(YamlValueReader.StartOf(keyElement), $"unknown key '{Quoted.Cut(key)}' in depends_on entry '{Quoted.Cut(dependency)}' (allowed: condition, required, restart)");
                            break;
                    }
                }

                return condition;
            default:
                problems.Add(YamlValueReader.StartOf(options), $"depends_on entry '{Quoted.Cut(dependency)}' of script '{Quoted.Cut(name)}' must be a mapping such as {{ condition: started }}, found {YamlValueReader.Describe(options)}");
                return null;
        }
    }

    /// <summary>The checks that need every script of the file: unknown names, self-dependencies, healthy without a healthcheck, cycles.</summary>
    private void CheckDependencies(IReadOnlyList<ScriptSpec> scripts, Dictionary<string, ScriptSection?>? sections)
    {
        var names = scripts.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var declared = sections is null ? [] : sections.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, entries) in _dependencyMarks)
        {
            foreach (var (dependency, at) in entries)
            {
                if (dependency.Name == name)
                {
                    problems.Add(at, $"script '{Quoted.Cut(name)}' depends on itself");
                }
                else if (!declared.Contains(dependency.Name))
                {
                    var near = declared.FirstOrDefault(d => string.Equals(d, dependency.Name, StringComparison.OrdinalIgnoreCase));
                    var hint = near is null ? $"scripts in this file: {string.Join(", ", declared.Order(StringComparer.Ordinal))}" : $"did you mean '{near}'?";
                    problems.Add(at, $"script '{Quoted.Cut(name)}' depends on '{Quoted.Cut(dependency.Name)}', which is not a script of this file (depends_on names scripts of the same config file; {hint})");
                }
                else if (dependency.Condition == DependencyCondition.Healthy && sections?.GetValueOrDefault(dependency.Name) is { } section)
                {
                    bool? has = null;
                    HasHealthcheck(section, ref has);
                    if (has == false)
                    {
                        problems.Add(at, $"'{Quoted.Cut(dependency.Name)}' has no healthcheck; condition healthy needs one");
                    }
                }
            }
        }

        if (DependencyGraph.FindCycle([.. scripts.Where(s => names.Contains(s.Name))]) is { } cycle)
        {
            var at = _dependencyMarks[cycle[0]].First(e => e.Dependency.Name == cycle[1]).At;
            problems.Add(at, $"depends_on forms a cycle: {string.Join(" -> ", cycle)}");
        }
    }
}
