using System.Text;
using System.Text.Json;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Daemon.Http;

/// <summary>
/// The endpoint's three read-only routes: <c>GET /health</c>, <c>GET /health/NAME[?config=PATH]</c> and
/// <c>GET /metrics</c>. Every answer comes from one <see cref="HealthQueryCommand"/> through the core's
/// channel, as <c>th ps</c>'s does; nothing reads the core's state off its loop.
/// </summary>
/// <param name="query">Asks the core (the daemon passes its <c>SendAsync</c>).</param>
internal sealed class HttpRoutes(Func<CancellationToken, Task<HealthQueryResult>> query, TimeProvider time)
{
    public async Task<HttpResponse> AnswerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var route = request.Path switch
        {
            "/health" or "/metrics" => request.Path,
            _ when request.Path.StartsWith("/health/", StringComparison.Ordinal) && request.Path.Length > "/health/".Length => "/health/NAME",
            _ => null,
        };
        if (route is null)
        {
            return HttpResponse.Error(404, $"no such path '{request.Path}': try /health, /health/NAME or /metrics");
        }

        if (request.Method != "GET")
        {
            return HttpResponse.Error(405, $"method {request.Method} is not allowed: this endpoint is read-only (GET)", allow: "GET");
        }

        var state = await query(cancellationToken);
        return route switch
        {
            "/health" => Health(state.Scripts),
            "/metrics" => new HttpResponse(200, HttpResponse.PrometheusText, Encoding.UTF8.GetBytes(PrometheusText.Render(state, time.GetUtcNow()))),
            _ => One(state.Scripts, request.Path["/health/".Length..], ConfigParameter(request.Query)),
        };
    }

    private static HttpResponse Health(IReadOnlyList<ScriptSnapshot> scripts) =>
        new(scripts.All(HealthRule.IsHealthy) ? 200 : 503, HttpResponse.Json, JsonSerializer.SerializeToUtf8Bytes(scripts, IpcJsonContext.Default.IReadOnlyListScriptSnapshot));

    /// <summary>One script; a name that several configs have needs <c>?config=PATH</c> (409 lists the configs otherwise).</summary>
    private static HttpResponse One(IReadOnlyList<ScriptSnapshot> scripts, string name, string? config)
    {
        var matches = scripts.Where(s => s.Name == name && (config is null || s.Config == config)).ToList();
        switch (matches.Count)
        {
            case 0:
                return HttpResponse.Error(404, config is null ? $"no script named '{name}'" : $"no script named '{name}' in {config}");
            case > 1:
                return new HttpResponse(409, HttpResponse.Json, HttpJson.Error(
                    $"script '{name}' is in {matches.Count} configs: add ?config=PATH", [.. matches.Select(m => m.Config)]));
        }

        var script = matches[0];
        return new HttpResponse(HealthRule.IsHealthy(script) ? 200 : 503, HttpResponse.Json, JsonSerializer.SerializeToUtf8Bytes(script, IpcJsonContext.Default.ScriptSnapshot));
    }

    /// <summary>The percent-decoded value of <c>config=</c> in the query string, or null.</summary>
    private static string? ConfigParameter(string query)
    {
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith("config=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["config=".Length..].Replace('+', ' '));
            }
        }

        return null;
    }
}
