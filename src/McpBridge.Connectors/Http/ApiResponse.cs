using System.Net;
using System.Net.Http.Headers;

namespace McpBridge.Connectors.Http;

/// <summary>
/// An HTTP answer read by <see cref="ApiTransport"/>: its status, its headers and at most the cap of its body.
/// The response itself is disposed by then (its connection goes back to the pool, or is dropped when the body
/// was cut); headers live on the message, not on its content, so they stay readable.
/// </summary>
/// <param name="Truncated">Whether the body went on past the cap.</param>
internal sealed record ApiResponse(HttpStatusCode StatusCode, HttpResponseHeaders Headers, byte[] Body, bool Truncated)
{
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and <= 299;

    /// <summary>The first value of header <paramref name="name"/>, trimmed, or <see langword="null"/>.</summary>
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
