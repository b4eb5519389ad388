namespace TurtleHarbor.Core.Supervision;

/// <summary>A trigger's word for people, the same as its snake_case JSON value (<c>catch_up</c>, not <c>catchup</c>).</summary>
internal static class RunTriggerText
{
    public static string Of(RunTrigger trigger) => trigger switch
    {
        RunTrigger.Up => "up",
        RunTrigger.Restart => "restart",
        RunTrigger.Manual => "manual",
        RunTrigger.Cron => "cron",
        RunTrigger.CatchUp => "catch_up",
        RunTrigger.Run => "run",
        RunTrigger.Reload => "reload",
        RunTrigger.Recover => "recover",
        RunTrigger.Memory => "memory",
        RunTrigger.Unhealthy => "unhealthy",
        _ => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(trigger.ToString()),
    };
}
