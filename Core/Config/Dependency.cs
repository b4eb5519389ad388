namespace TurtleHarbor.Core.Config;

/// <summary>One <c>depends_on</c> entry: the script of the same config file that must meet <see cref="Condition"/> first.</summary>
internal sealed record Dependency(string Name, DependencyCondition Condition)
{
    /// <summary>The condition as the user writes it in the short form (<c>started</c>, <c>healthy</c>, <c>completed_successfully</c>).</summary>
    public string ConditionWord => Condition switch
    {
        DependencyCondition.Healthy => "healthy",
        DependencyCondition.CompletedSuccessfully => "completed_successfully",
        _ => "started",
    };
}
