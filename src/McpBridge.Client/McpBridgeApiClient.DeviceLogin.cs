using System.Net.Http;
using McpBridge.Protocol.Api;

namespace McpBridge.Client;

public sealed partial class McpBridgeApiClient
{
    /// <summary>
    /// Starts a browser sign-in (<c>POST /api/v1/device/code</c>, the OAuth device flow): show the user
    /// <see cref="DeviceLoginStarted.UserCode"/> and <see cref="DeviceLoginStarted.VerificationUri"/>, then poll
    /// <see cref="PollDeviceLoginAsync"/> every <see cref="DeviceLoginStarted.Interval"/> seconds. Needs no API key.
    /// </summary>
    /// <param name="request">How the program names itself on the approval page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The codes and the approval page.</returns>
    public Task<DeviceLoginStarted> StartDeviceLoginAsync(DeviceLoginRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<DeviceLoginStarted>(HttpMethod.Post, "api/v1/device/code", request, cancellationToken, authenticate: false);
    }

    /// <summary>
    /// Polls a browser sign-in (<c>POST /api/v1/device/token</c>). Until the user decides, it throws
    /// <see cref="McpBridgeApiException"/> with code <c>authorization_pending</c> (or <c>slow_down</c>: wait longer);
    /// <c>access_denied</c> and <c>expired_token</c> are final.
    /// </summary>
    /// <param name="deviceCode">The device code from <see cref="StartDeviceLoginAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new account key, handed over once.</returns>
    public Task<DeviceToken> PollDeviceLoginAsync(string deviceCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceCode);
        return SendAsync<DeviceToken>(HttpMethod.Post, "api/v1/device/token", new DeviceTokenRequest(deviceCode), cancellationToken, authenticate: false);
    }

    /// <summary>Asks for a link that ties a GitHub user to the calling account (<c>POST /api/v1/account/github-link</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The link, valid for ten minutes.</returns>
    public Task<GitHubLinkResponse> CreateGitHubLinkAsync(CancellationToken cancellationToken = default) =>
        SendAsync<GitHubLinkResponse>(HttpMethod.Post, "api/v1/account/github-link", null, cancellationToken);
}
