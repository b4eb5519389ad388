using System.Collections.Immutable;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// The <c>depends_on</c> graph of one config file: cycles, the closure of what a script needs, and
/// topological levels (level 0 needs nothing of the set; each level needs only lower ones). Pure:
/// the config builder checks with it, the daemon orders starts and stops with it.
/// </summary>
internal static class DependencyGraph
{
    /// <summary>
    /// The first cycle found, in file order, as names from a script back to itself
    /// (<c>[a, b, c, a]</c>); null when there is none. Names not in <paramref name="scripts"/> are ignored.
    /// </summary>
    public static ImmutableArray<string>? FindCycle(IReadOnlyList<ScriptSpec> scripts)
    {
        var byName = scripts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        // 0 unvisited, 1 on the current path, 2 done.
        var mark = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        ImmutableArray<string>? Visit(string name)
        {
            mark[name] = 1;
            path.Add(name);
            foreach (var dependency in byName[name].DependsOn)
            {
                if (!byName.ContainsKey(dependency.Name))
                {
                    continue;
                }

                var state = mark.GetValueOrDefault(dependency.Name);
                if (state == 1)
                {
                    var from = path.IndexOf(dependency.Name);
                    return [.. path.Skip(from), dependency.Name];
                }

                if (state == 0 && Visit(dependency.Name) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            mark[name] = 2;
            return null;
        }

        foreach (var script in scripts)
        {
            if (mark.GetValueOrDefault(script.Name) == 0 && Visit(script.Name) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary><paramref name="names"/> and everything they depend on, transitively, in file order.</summary>
    public static ImmutableArray<string> WithDependencies(ProjectConfig config, IEnumerable<string> names)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(names);
        while (stack.TryPop(out var name))
        {
            if (wanted.Add(name) && config.Find(name) is { } spec)
            {
                foreach (var dependency in spec.DependsOn)
                {
                    stack.Push(dependency.Name);
                }
            }
        }

        return [.. config.Scripts.Select(s => s.Name).Where(wanted.Contains)];
    }

    /// <summary>
    /// The scripts grouped by depth: level 0 depends on none of <paramref name="scripts"/>, level n
    /// on some of level n-1 and only on lower levels; file order inside a level. Starting level by
    /// level (and stopping in the reverse) never starts a script before what it needs. A cycle
    /// (rejected when the config loads) puts its scripts in one last level.
    /// </summary>
    public static ImmutableArray<ImmutableArray<ScriptSpec>> Levels(IReadOnlyList<ScriptSpec> scripts)
    {
        var inSet = scripts.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = scripts.ToList();
        while (remaining.Count > 0)
        {
            var placed = remaining.Where(s => s.DependsOn.All(d => !inSet.Contains(d.Name) || level.ContainsKey(d.Name))).ToList();
            if (placed.Count == 0)
            {
                var last = level.Count == 0 ? 0 : level.Values.Max() + 1;
                remaining.ForEach(s => level[s.Name] = last);
                break;
            }

            foreach (var script in placed)
            {
                level[script.Name] = script.DependsOn.Where(d => inSet.Contains(d.Name)).Select(d => level[d.Name] + 1).DefaultIfEmpty(0).Max();
            }

            remaining.RemoveAll(placed.Contains);
        }

        return [.. scripts.GroupBy(s => level[s.Name]).OrderBy(g => g.Key).Select(g => g.ToImmutableArray())];
    }
}
