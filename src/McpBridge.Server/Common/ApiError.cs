using McpBridge.Protocol.Api;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Server.Common;

/// <summary>An expected failure of an API operation, turned into ProblemDetails at the edge.</summary>
internal sealed record ApiError(int Status, string Code, string Title, string? Detail = null)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static ApiError NotFound(string what) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", $"{what} was not found.");

    public static ApiError Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "Validation failed", detail ?? "One or more fields are not valid.") { Errors = errors };

    public static ApiError Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static ApiError Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "Conflict", detail);

    public static ApiError Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Forbidden", detail);

    public static ApiError PlanLimit(string detail, string limit, string plan, string upgrade) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.PlanLimit, "Plan limit reached", detail)
        {
            Extensions = new Dictionary<string, object?> { ["limit"] = limit, ["plan"] = plan, ["upgrade"] = upgrade },
        };
}
