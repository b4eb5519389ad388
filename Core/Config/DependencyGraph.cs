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
        // Kahn's algorithm over the dependencies inside the set: linear in scripts and edges, so 10,000 scripts
        // without depends_on cost one pass (the earlier round-by-round version compared every pair).
        var index = new Dictionary<string, int>(scripts.Count, StringComparer.Ordinal);
        for (var i = 0; i < scripts.Count; i++)
        {
            index.TryAdd(scripts[i].Name, i);
        }

        var waitingOn = new int[scripts.Count];
        var dependents = new List<int>?[scripts.Count];
        var level = new int[scripts.Count];
        var ready = new Queue<int>();
        for (var i = 0; i < scripts.Count; i++)
        {
            foreach (var dependency in scripts[i].DependsOn)
            {
                if (!index.TryGetValue(dependency.Name, out var d))
                {
                    continue;
                }

                // A script that names itself is a cycle of one: it never becomes ready.
                waitingOn[i]++;
                if (d != i)
                {
                    (dependents[d] ??= []).Add(i);
                }
            }

            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        var placed = 0;
        var deepest = -1;
        while (ready.TryDequeue(out var i))
        {
            placed++;
            deepest = Math.Max(deepest, level[i]);
            foreach (var dependent in dependents[i] ?? [])
            {
                level[dependent] = Math.Max(level[dependent], level[i] + 1);
                if (--waitingOn[dependent] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }

        if (placed < scripts.Count)
        {
            // What a cycle holds back (rejected when the config loads) goes in one last level.
            for (var i = 0; i < scripts.Count; i++)
            {
                if (waitingOn[i] > 0)
                {
                    level[i] = deepest + 1;
                }
            }
        }

        var groups = new SortedDictionary<int, ImmutableArray<ScriptSpec>.Builder>();
        for (var i = 0; i < scripts.Count; i++)
        {
            if (!groups.TryGetValue(level[i], out var group))
            {
                groups[level[i]] = group = ImmutableArray.CreateBuilder<ScriptSpec>();
            }

            group.Add(scripts[i]);
        }

        return [.. groups.Values.Select(g => g.ToImmutable())];
    }
}
