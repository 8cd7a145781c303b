using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace McpBridge.Server.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, embedded in the assembly (so <c>serve</c> needs no files beside it) and served
/// at <c>/assets/{name}?v={hash}</c>: a new build changes the hash, so browsers may cache each version for a year.
/// </summary>
internal sealed class DashboardAssets
{
    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        const string prefix = "McpBridge.Server.Dashboard.Assets.";
        _assets = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                var name = n[prefix.Length..];
                var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8"
                    : name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
                    : name.EndsWith(".svg", StringComparison.Ordinal) ? "image/svg+xml" : "application/octet-stream";
                return new Asset(name, bytes, type, Convert.ToHexStringLower(SHA256.HashData(bytes))[..12]);
            })
            .ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
    }

    /// <summary>The URL of an asset with its version, e.g. <c>/assets/dashboard.css?v=1a2b3c4d5e6f</c>.</summary>
    public string Url(string name) => _assets.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.Hash}" : $"/assets/{name}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        var etag = $"\"{asset.Hash}\"";
        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private sealed record Asset(string Name, byte[] Bytes, string ContentType, string Hash);
}
