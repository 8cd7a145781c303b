using System.Net;
using System.Text;
using System.Text.Json;

namespace McpBridge.Client;

/// <summary>
/// The MCP Bridge server answered a REST API request with an error. The server describes errors as RFC 9457
/// ProblemDetails (<c>application/problem+json</c>); this exception carries every part of it.
/// </summary>
public sealed class McpBridgeApiException : Exception
{
    /// <summary>Creates an exception from the parts of a ProblemDetails answer.</summary>
    /// <param name="status">The HTTP status code of the answer.</param>
    /// <param name="code">The machine-readable error code (see <c>McpBridge.Protocol.Api.ErrorCodes</c>), if the server sent one.</param>
    /// <param name="title">A short summary of the problem.</param>
    /// <param name="detail">An explanation specific to this occurrence.</param>
    /// <param name="type">The problem type URI, if any.</param>
    /// <param name="errors">Field validation errors: field name to messages.</param>
    /// <param name="extensions">Every other member of the ProblemDetails object (including <c>code</c> and <c>errors</c>).</param>
    /// <param name="retryAfter">How long the server asked the caller to wait before retrying, if it said.</param>
    public McpBridgeApiException(
        HttpStatusCode status,
        string? code,
        string? title,
        string? detail,
        string? type = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null,
        IReadOnlyDictionary<string, JsonElement>? extensions = null,
        TimeSpan? retryAfter = null)
        : base(BuildMessage(status, code, title, detail, errors))
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
        Type = type;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
        Extensions = extensions ?? new Dictionary<string, JsonElement>();
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code of the answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The machine-readable error code, e.g. <c>plan_limit</c>; <see langword="null"/> when the answer was not a ProblemDetails.</summary>
    public string? Code { get; }

    /// <summary>A short, human-readable summary of the problem type.</summary>
    public string? Title { get; }

    /// <summary>A human-readable explanation specific to this occurrence.</summary>
    public string? Detail { get; }

    /// <summary>The problem type URI, if the server sent one.</summary>
    public string? Type { get; }

    /// <summary>Validation errors by field name (empty unless <see cref="Code"/> is <c>validation_failed</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>Every ProblemDetails member beyond <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and <c>instance</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; }

    /// <summary>How long to wait before retrying (from <c>Retry-After</c>), for <c>rate_limited</c> answers.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>For plan limits: which limit was hit (the <c>limit</c> extension), as text.</summary>
    public string? Limit => GetExtensionText("limit");

    /// <summary>For plan limits: the caller's plan (the <c>plan</c> extension).</summary>
    public string? Plan => GetExtensionText("plan");

    /// <summary>For plan limits: what to do about it, e.g. which plan lifts the limit (the <c>upgrade</c> extension).</summary>
    public string? Upgrade => GetExtensionText("upgrade");

    /// <summary>
    /// Returns an extension as text: strings as they are, numbers and booleans in their JSON form, and
    /// <see langword="null"/> when the extension is missing, null, an object or an array.
    /// </summary>
    /// <param name="name">The extension's member name.</param>
    public string? GetExtensionText(string name)
    {
        if (!Extensions.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    private static string BuildMessage(
        HttpStatusCode status,
        string? code,
        string? title,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var message = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(detail) && !string.IsNullOrWhiteSpace(title) && !detail.StartsWith(title, StringComparison.OrdinalIgnoreCase))
        {
            message.Append(title.TrimEnd('.')).Append(": ").Append(detail);
        }
        else
        {
            message.Append(!string.IsNullOrWhiteSpace(detail) ? detail : !string.IsNullOrWhiteSpace(title) ? title : $"The server answered {(int)status} {status}.");
        }

        if (errors is { Count: > 0 })
        {
            message.Append(" (");
            message.AppendJoin("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            message.Append(')');
        }

        message.Append(" [HTTP ").Append((int)status);
        if (code is not null)
        {
            message.Append(", ").Append(code);
        }

        return message.Append(']').ToString();
    }
}
