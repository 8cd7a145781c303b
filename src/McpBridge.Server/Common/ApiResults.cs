using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace McpBridge.Server.Common;

/// <summary>Maps service results to HTTP results: values as JSON, errors as ProblemDetails with a <c>code</c>.</summary>
internal static class ApiResults
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult>? onSuccess = null) =>
        result.IsSuccess ? (onSuccess?.Invoke(result.Value) ?? Results.Ok(result.Value)) : result.Error.ToHttp();

    public static IResult ToHttp(this ApiError error)
    {
        var problem = error.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        problem.Status = error.Status;
        problem.Title = error.Title;
        problem.Detail = error.Detail;
        problem.Type = $"https://mcp-bridge.dev/errors/{error.Code}";
        problem.Extensions["code"] = error.Code;
        if (error.Extensions is { } extensions)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return Results.Problem(problem);
    }
}
