using McpBridge.Server.Accounts;
using McpBridge.Server.Common;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Server.Dashboard.Components;

/// <summary>
/// The base of every dashboard page: the request, the signed-in caller (the same <see cref="Caller"/> the REST API
/// passes to the application services), the posted form, and a redirect after a successful post.
/// </summary>
public abstract class DashboardPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    [Inject]
    public NavigationManager Navigation { get; set; } = default!;

    internal Caller Caller => Caller.From(HttpContext.User);

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    protected bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method);

    /// <summary>A posted field, trimmed; null when absent or blank.</summary>
    protected string? Form(string name) =>
        HttpContext.Request.HasFormContentType && HttpContext.Request.Form[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    protected string? Query(string name) => HttpContext.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>Post/redirect/get: the browser reloads a page it can refresh safely.</summary>
    protected void RedirectTo(string url) => Navigation.NavigateTo(url, forceLoad: true);

    /// <summary>
    /// Answers 404 with the not-found page, for a page whose subject does not exist or is not the caller's (the same
    /// answer for both, so nobody learns what another account has). The router renders the not-found page in place of
    /// this one, so a page renders its content only when its subject was found.
    /// </summary>
    protected void SetNotFound() => Navigation.NotFound();

    internal static string Describe(ApiError error) =>
        error.Errors is { Count: > 0 } fields && error.Detail is { } detail && fields.Count == 1 && fields.First().Value.Length == 1 && detail == fields.First().Value[0]
            ? $"{fields.First().Key} {detail}"
            : error.Detail ?? error.Title;
}
