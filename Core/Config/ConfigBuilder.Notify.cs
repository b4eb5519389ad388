using System.Collections.Immutable;
using SharpYaml.Model;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// <c>settings.notify</c>: one mapping (<c>{ on: [...], webhook: URL }</c>) or a list of them. Read by hand from
/// the YAML model so both shapes are accepted and every problem keeps its position.
/// </summary>
internal sealed partial class ConfigBuilder
{
    private static readonly string[] NotifyKeys = ["on", "desktop", "webhook", "command"];

    private ImmutableArray<NotifyRule> BuildNotify(YamlElement? element)
    {
        switch (element)
        {
            case null:
                return [];
            case YamlValue value when YamlValueReader.IsNull(value):
                return [];
            case YamlMapping mapping:
                return BuildNotifyRule(mapping) is { } rule ? [rule] : [];
            case YamlSequence list:
                var rules = ImmutableArray.CreateBuilder<NotifyRule>();
                foreach (var item in list)
                {
                    if (item is YamlMapping entry)
                    {
                        if (BuildNotifyRule(entry) is { } one)
                        {
                            rules.Add(one);
                        }
                    }
                    else
                    {
                        problems.Add(YamlValueReader.StartOf(item), $"each 'notify' entry must be a mapping such as {{ on: [failed], webhook: URL }}, found {YamlValueReader.Describe(item)}");
                    }
                }

                return rules.ToImmutable();
            default:
                problems.Add(YamlValueReader.StartOf(element), $"'notify' must be a mapping such as {{ on: [failed], webhook: URL }} or a list of them, found {YamlValueReader.Describe(element)}");
                return [];
        }
    }

    private NotifyRule? BuildNotifyRule(YamlMapping mapping)
    {
        YamlElement? on = null, desktop = null, webhook = null, command = null;
        foreach (var (keyElement, value) in mapping)
        {
            var key = keyElement is YamlValue k ? k.Scalar.Value ?? "" : "";
            switch (key)
            {
                case "on":
                    on = value;
                    break;
                case "desktop":
                    desktop = value;
                    break;
                case "webhook":
                    webhook = value;
                    break;
                case "command":
                    command = value;
                    break;
                default:
                    problems.Add(YamlValueReader.StartOf(keyElement), $"unknown key '{Quoted.Cut(key)}' in settings.notify (allowed: {string.Join(", ", NotifyKeys)})");
                    break;
            }
        }

        var events = NotifyEvents(on);
        var desktopValue = _values.Boolean(desktop, "desktop");
        var wantsDesktop = desktopValue ?? false;
        var url = _values.Text(webhook, "webhook");
        if (url is not null && !IsHttpUrl(url))
        {
            problems.Add(YamlValueReader.StartOf(webhook!), $"'webhook' must be an http:// or https:// URL, found '{Quoted.Cut(url)}'");
            url = null;
        }

        var hook = _values.Text(command, "command");
        if (hook is not null && (hook.Trim().Length == 0 || hook.Contains('\0')))
        {
            problems.Add(YamlValueReader.StartOf(command!), "'command' must be a shell command (not empty, no NUL character)");
            hook = null;
        }

        // A bad desktop value is reported already; it still names a target.
        if (webhook is null && command is null && (desktop is null || desktopValue == false))
        {
            problems.Add(mapping.MappingStart.Start, "a 'notify' entry needs a target: 'desktop: true', 'webhook: URL' or 'command: ...'");
            return null;
        }

        if (!wantsDesktop && url is null && hook is null)
        {
            return null;
        }

        return new NotifyRule(events, wantsDesktop, url, hook);
    }

    /// <summary><c>on:</c> as a list or one word; left out, every event.</summary>
    private ImmutableArray<NotifyEvent> NotifyEvents(YamlElement? on)
    {
        if (on is null || on is YamlValue v && YamlValueReader.IsNull(v))
        {
            return [.. NotifyRule.EventWords.Select(w => w.Value)];
        }

        IEnumerable<YamlElement?> words = on is YamlSequence list ? list : [on];
        var events = ImmutableArray.CreateBuilder<NotifyEvent>();
        foreach (var word in words)
        {
            if (word is YamlMapping or YamlSequence)
            {
                problems.Add(YamlValueReader.StartOf(word), $"'on' lists event names ({string.Join(", ", NotifyRule.EventWords.Select(w => w.Word))}), found {YamlValueReader.Describe(word)}");
                continue;
            }

            if (_values.Choice(word, "on", NotifyRule.EventWords) is { } kind && !events.Contains(kind))
            {
                events.Add(kind);
            }
        }

        if (events.Count == 0 && on is YamlSequence { Count: 0 })
        {
            problems.Add(YamlValueReader.StartOf(on), $"'on' is empty; list at least one of {string.Join(", ", NotifyRule.EventWords.Select(w => w.Word))}, or leave it out for all");
        }

        return events.ToImmutable();
    }
}
