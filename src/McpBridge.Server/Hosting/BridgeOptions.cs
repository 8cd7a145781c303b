using System.Net;

namespace McpBridge.Server.Hosting;

/// <summary>The cloud's own settings (configuration root: <c>DataDir</c>, <c>PublicUrl</c>, <c>AllowSignup</c>).</summary>
internal sealed class BridgeOptions
{
    private string? _publicUrl;
    private Uri? _publicUri;

    /// <summary>Where the SQLite database, Data Protection keys and per-server folders live.</summary>
    public string DataDir { get; set; } = DefaultDataDir();

    /// <summary>The URL clients reach this service at, e.g. <c>https://mcp-bridge.example.com</c>. Defaults to the first listening URL.</summary>
    public string? PublicUrl
    {
        get => _publicUrl;
        set
        {
            _publicUrl = value;
            _publicUri = null;
        }
    }

    /// <summary>Whether <c>POST /api/v1/signup</c> is open to anyone.</summary>
    public bool AllowSignup { get; set; } = true;

    /// <summary>Sign-ups allowed per hour from one client address (abuse protection).</summary>
    public int SignupsPerHourPerAddress { get; set; } = 20;

    /// <summary>Accounts that are administrators besides the first account ever created.</summary>
    public IList<string> AdminAccounts { get; set; } = [];

    /// <summary>
    /// Reverse proxies or load balancers in front of this service whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed: IP addresses or CIDR networks, separated by commas (e.g.
    /// <c>10.0.0.5, 10.1.0.0/16</c>). Without it those headers are ignored and every per-address limit counts the
    /// connection's own address, which behind a proxy is the proxy's.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary><see cref="PublicUrl"/> parsed (once: every endpoint URL given out and many requests use it).</summary>
    public Uri PublicUri => _publicUri ??= new Uri(PublicUrl ?? "http://localhost:5000");

    /// <summary>Host and port as clients write them in URLs, e.g. <c>localhost:5000</c> or <c>mcp-bridge.example.com</c>.</summary>
    public string PublicAuthority => PublicUri.IsDefaultPort ? PublicUri.Host : $"{PublicUri.Host}:{PublicUri.Port}";

    /// <summary>
    /// Whether <c>{slug}.{public host}</c> URLs can be given out: only for a real DNS name (wildcard DNS is the
    /// operator's job). <c>localhost</c> and IP addresses get the path form <c>/s/{slug}/mcp</c>.
    /// </summary>
    public bool UseHostForm => !IPAddress.TryParse(PublicUri.Host, out _) && !string.Equals(PublicUri.Host, "localhost", StringComparison.OrdinalIgnoreCase);

    public string ServersDirectory => Path.Combine(DataDir, "servers");

    public static string DefaultDataDir()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "mcp-bridge");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "mcp-bridge");
    }
}
