namespace TurtleHarbor.Core.Supervision;

internal enum ReloadChangeKind
{
    Unchanged,
    Added,
    Removed,
    Changed,
}
