using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace McpBridge.Server.Tests.Deployment;

/// <summary>Middleware that tells the test when the server has seen a deploy request's client go away.</summary>
internal sealed class RequestAbortWatch : IStartupFilter
{
    public TaskCompletionSource DeployAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/deploy", StringComparison.Ordinal) == true)
            {
                context.RequestAborted.Register(() => DeployAborted.TrySetResult());
            }

            await following(context);
        });
        next(app);
    };
}
