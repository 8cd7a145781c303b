using System.Buffers;
using McpBridge.Protocol.Api;
using McpBridge.Protocol.Tunnels;
using McpBridge.Server.Common;
using McpBridge.Tunneling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace McpBridge.Server.Tunnels.Relay;

/// <summary>
/// The relay's half of a public request: opens a stream on the agent's connection, streams the request body up and the
/// response down as they come (no buffering; each stream's window bounds memory), and answers 503 when the agent is
/// away and 502 when it cannot reach its target — in JSON, never a hang.
/// </summary>
internal sealed partial class TunnelForwarder(TunnelRegistry registry, TunnelLeases leases, TunnelMeter meter, ILogger<TunnelForwarder> logger)
{
    // Unflushed response bytes after which the relay flushes even though more is already here: the client's pace then
    // reaches the agent through the stream's window instead of piling up in the relay.
    private const int FlushThreshold = 64 * 1024;

    public async Task ForwardAsync(HttpContext context, string name, PathString prefix)
    {
        if (!registry.TryGet(name, out var agent) || agent.Connection.Closed.IsCancellationRequested)
        {
            if (await leases.ExistsAsync(name, context.RequestAborted))
            {
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.TunnelOffline, "Tunnel offline",
                    $"The tunnel '{name}' is offline: its agent is not connected right now. It comes back at the same URL when 'mcp-bridge start' runs again.", name, retryAfterSeconds: 5);
            }
            else
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, ErrorCodes.TunnelNotFound, "No such tunnel",
                    $"There is no tunnel named '{name}'. Temporary tunnels end after two hours.", name);
            }

            return;
        }

        if (meter.TryStartRequest(agent.Lease) is { } refusal)
        {
            await refusal.ToHttp().ExecuteAsync(context);
            return;
        }

        var status = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        try
        {
            (status, bytesIn, bytesOut) = await RelayAsync(context, agent, prefix);
        }
        finally
        {
            meter.Record(agent.Lease, status, bytesIn, bytesOut);
        }
    }

    private async Task<(int Status, long BytesIn, long BytesOut)> RelayAsync(HttpContext context, RelayAgent agent, PathString prefix)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        // A tunnel carries uploads of any size; memory stays bounded by the stream's window.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = null;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgradeFeature ? upgradeFeature : null;
        var hasBody = upgrade is not null || (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? (request.ContentLength > 0));
        var head = BuildHead(context, prefix, upgrade is not null);
        TunnelStream stream;
        var inline = upgrade is null && request.ContentLength is > 0 and <= TunnelFrame.MaxDataPayload;
        try
        {
            if (inline)
            {
                // A short body (an MCP call, say) goes in the Open frame: one message instead of three.
                var body = ArrayPool<byte>.Shared.Rent((int)request.ContentLength!.Value);
                try
                {
                    var length = (int)request.ContentLength.Value;
                    await request.Body.ReadExactlyAsync(body.AsMemory(0, length), aborted);
                    stream = await agent.Connection.OpenStreamAsync(head, body.AsMemory(0, length), aborted);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(body);
                }
            }
            else
            {
                stream = await agent.Connection.OpenStreamAsync(head, endOfBody: !hasBody, aborted, upgrade: upgrade is not null);
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or BadHttpRequestException || (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested))
        {
            // The client sent less than its Content-Length, or went away.
            return (499, 0, 0);
        }
        catch (Exception ex) when (ex is TunnelStreamResetException or ObjectDisposedException)
        {
            return (await OfflineAsync(context, agent.Lease.Name), 0, 0);
        }

        await using var _ = stream;
        using var stopOnAbort = aborted.Register(static s => ((TunnelStream)s!).Reset(TunnelResetCode.Cancelled, "The client went away."), stream);
        if (upgrade is not null)
        {
            return await RelayUpgradeAsync(context, upgrade, stream, agent, prefix.HasValue);
        }

        var upload = inline ? Task.FromResult(request.ContentLength!.Value) : hasBody ? PumpRequestBodyAsync(request.Body, stream, aborted) : Task.FromResult(0L);

        TunnelResponseHead response;
        try
        {
            response = await stream.Response.WaitAsync(aborted);
        }
        catch (TunnelStreamResetException ex)
        {
            var bytesIn = await upload;
            if (ex.ConnectionLost)
            {
                return (await OfflineAsync(context, agent.Lease.Name), bytesIn, 0);
            }

            if (ex.Code == TunnelResetCode.Refused)
            {
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.TunnelOffline, "Tunnel busy", ex.Message, agent.Lease.Name, retryAfterSeconds: 1);
                return (StatusCodes.Status503ServiceUnavailable, bytesIn, 0);
            }

            await WriteErrorAsync(context, StatusCodes.Status502BadGateway, ErrorCodes.TunnelTargetUnavailable, "Tunnel target unavailable",
                ex.Code == TunnelResetCode.TargetUnavailable ? ex.Message : $"The tunnel's agent could not answer: {ex.Message}", agent.Lease.Name);
            return (StatusCodes.Status502BadGateway, bytesIn, 0);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return (499, 0, 0);
        }

        context.Response.StatusCode = response.Status;
        CopyResponseHeaders(context, response, prefix.HasValue);

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        long bytesOut = 0;
        try
        {
            bytesOut = await CopyResponseBodyAsync(stream, context.Response.BodyWriter, aborted);
        }
        catch (Exception ex) when (ex is TunnelStreamResetException or OperationCanceledException or IOException)
        {
            // The agent or the client broke off mid-body: all that can be done is to end the response abruptly.
            LogBrokenResponse(logger, agent.Lease.Name, ex.Message);
            context.Abort();
        }

        return (response.Status, await upload, bytesOut);
    }

    /// <summary>
    /// Copies the response body as the agent sends it, flushing to the client only when the next read would wait (or a
    /// good amount is unflushed): what arrived together leaves together — a short answer and its head in one socket
    /// write — while the head of a stream still in progress and each SSE event go out at once, never held back.
    /// </summary>
    private static async Task<long> CopyResponseBodyAsync(TunnelStream stream, System.IO.Pipelines.PipeWriter writer, CancellationToken cancellationToken)
    {
        long total = 0;
        var unflushed = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(TunnelFrame.MaxDataPayload);
        try
        {
            while (true)
            {
                var reading = stream.ReadAsync(buffer.AsMemory(0, TunnelFrame.MaxDataPayload), cancellationToken);
                if (!reading.IsCompleted || unflushed >= FlushThreshold)
                {
                    // Kestrel sends the head with the first flush; a flush also waits while the client is slow to read.
                    try
                    {
                        await writer.FlushAsync(cancellationToken);
                    }
                    catch
                    {
                        // The read in progress ends with the stream's reset; nobody awaits it any more.
                        _ = reading.AsTask().ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                        throw;
                    }

                    unflushed = 0;
                }

                var read = await reading;
                if (read == 0)
                {
                    return total;
                }

                writer.Write(buffer.AsSpan(0, read));
                unflushed += read;
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A WebSocket through the tunnel: the target's 101 is passed on, then bytes flow raw both ways until either side closes.</summary>
    private async Task<(int Status, long BytesIn, long BytesOut)> RelayUpgradeAsync(HttpContext context, IHttpUpgradeFeature upgrade, TunnelStream stream, RelayAgent agent, bool pathForm)
    {
        TunnelResponseHead response;
        try
        {
            response = await stream.Response.WaitAsync(context.RequestAborted);
        }
        catch (TunnelStreamResetException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status502BadGateway, ErrorCodes.TunnelTargetUnavailable, "Tunnel target unavailable", ex.Message, agent.Lease.Name);
            return (StatusCodes.Status502BadGateway, 0, 0);
        }

        CopyResponseHeaders(context, response, pathForm, upgrade: true);
        if (response.Status != StatusCodes.Status101SwitchingProtocols)
        {
            context.Response.StatusCode = response.Status;
            context.Response.Headers.Remove("Upgrade");
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
            return (response.Status, 0, 0);
        }

        await using var opaque = await upgrade.UpgradeAsync();
        var up = RawStreamCopy.CopyAsync(opaque, stream, CancellationToken.None);
        var down = RawStreamCopy.CopyAsync(stream, opaque, CancellationToken.None);
        await Task.WhenAny(up, down);
        stream.Reset(TunnelResetCode.Cancelled, "The WebSocket closed.");
        return (StatusCodes.Status101SwitchingProtocols, await up, await down);
    }

    private static async Task<long> PumpRequestBodyAsync(Stream body, TunnelStream stream, CancellationToken cancellationToken)
    {
        long total = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(TunnelFrame.MaxDataPayload);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, TunnelFrame.MaxDataPayload), cancellationToken)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
            }

            await stream.CompleteWritesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is TunnelStreamResetException or OperationCanceledException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            // The response came first (an early 413, say), or the client or agent went away: the upload ends here.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    /// <summary>
    /// The agent's response headers, less hop-by-hop ones (an upgrade keeps its <c>Upgrade</c>) and cookies a tunnel
    /// must not set (<see cref="RelayCookies"/>). A path-form answer shares the dashboard's host, so its documents are
    /// sandboxed into an origin of their own.
    /// </summary>
    private static void CopyResponseHeaders(HttpContext context, TunnelResponseHead response, bool pathForm, bool upgrade = false)
    {
        var headers = context.Response.Headers;
        foreach (var (name, value) in response.Headers)
        {
            if (upgrade ? name.Equals("Connection", StringComparison.OrdinalIgnoreCase) : HopByHopHeaders.Contains(name))
            {
                continue;
            }

            if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) && !RelayCookies.MayPass(value, context.Request.Host.Host, pathForm))
            {
                continue;
            }

            headers.Append(name, value);
        }

        if (pathForm)
        {
            headers.Append("Content-Security-Policy", RelayCookies.PathFormSandbox);
        }
    }

    private static TunnelRequestHead BuildHead(HttpContext context, PathString prefix, bool upgrade)
    {
        var request = context.Request;
        var path = request.Path;
        if (prefix.HasValue && path.StartsWithSegments(prefix, out var rest))
        {
            path = rest;
        }

        var target = (path.HasValue ? path.ToUriComponent() : "/") + request.QueryString.ToUriComponent();
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count + 4);
        string? forwardedFor = null;
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHopHeaders.Contains(name) && !(upgrade && name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
            {
                forwardedFor = values.ToString();
                continue;
            }

            if (name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase))
            {
                // Set by us below; a client's own would be believed by the target.
                continue;
            }

            foreach (var value in values)
            {
                // The relay's own cookies (the dashboard's session) stay with the relay.
                if ((name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? RelayCookies.WithoutOurs(value ?? string.Empty) : value) is { } kept)
                {
                    headers.Add(new(name, kept));
                }
            }
        }

        var client = context.Connection.RemoteIpAddress?.ToString();
        if (client is not null)
        {
            headers.Add(new("X-Forwarded-For", forwardedFor is { Length: > 0 } ? $"{forwardedFor}, {client}" : client));
        }

        if (upgrade)
        {
            headers.Add(new("Connection", "Upgrade"));
        }

        headers.Add(new("X-Forwarded-Proto", request.Scheme));
        headers.Add(new("X-Forwarded-Host", request.Host.Value ?? string.Empty));
        if (prefix.HasValue)
        {
            headers.Add(new("X-Forwarded-Prefix", prefix.Value!));
        }

        return new TunnelRequestHead(request.Method, target, headers);
    }

    private static async Task<int> OfflineAsync(HttpContext context, string name)
    {
        await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.TunnelOffline, "Tunnel offline",
            $"The tunnel '{name}' lost its agent while answering. Try again in a moment.", name, retryAfterSeconds: 5);
        return StatusCodes.Status503ServiceUnavailable;
    }

    /// <summary>The relay's own answer, as ProblemDetails like every other error of the service (with the tunnel's name).</summary>
    private static async Task WriteErrorAsync(HttpContext context, int status, string code, string title, string detail, string name, int? retryAfterSeconds = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.Headers.CacheControl = "no-store";
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var error = new ApiError(status, code, title, detail) { Extensions = new Dictionary<string, object?> { ["tunnel"] = name } };
        await error.ToHttp().ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Response through tunnel {Name} broke off: {Reason}")]
    private static partial void LogBrokenResponse(ILogger logger, string name, string reason);
}
