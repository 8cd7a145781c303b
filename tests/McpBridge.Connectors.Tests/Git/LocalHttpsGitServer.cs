using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using McpBridge.Connectors.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpBridge.Connectors.Tests.Git;

/// <summary>
/// A git server on 127.0.0.1 over https with a certificate of its own, serving the bare repositories under a
/// folder through <c>git http-backend</c> (the smart HTTP protocol, as GitHub speaks it): "the internet" for
/// hosted clones. Clients trust it through <see cref="CertificatePath"/> (<c>http.sslCAInfo</c>). Paths under
/// <c>/stalled/</c> never answer; <c>/t/{tag}/repo.git</c> serves <c>repo.git</c>, so that a test can tell its own
/// requests from those of others sharing the server.
/// </summary>
internal sealed class LocalHttpsGitServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _releaseStalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalHttpsGitServer(WebApplication app, int port, string certificatePath)
    {
        _app = app;
        Port = port;
        CertificatePath = certificatePath;
    }

    public int Port { get; }

    /// <summary>The server's certificate in PEM, valid for 127.0.0.1 and localhost.</summary>
    public string CertificatePath { get; }

    /// <summary>The path of every request that reached the server.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> RequestPaths { get; } = new();

    public static async Task<LocalHttpsGitServer> StartAsync(string projectRoot, string certificateFolder)
    {
        var certificate = CreateCertificate();
        var certificatePath = Path.Combine(certificateFolder, "git-server.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        LocalHttpsGitServer? server = null;
        app.Run(async context =>
        {
            server!.RequestPaths.Enqueue(context.Request.Path.Value ?? "/");
            if (context.Request.Path.StartsWithSegments("/stalled"))
            {
                // A server that accepts the connection and never answers (until the test ends).
                await server._releaseStalled.Task.WaitAsync(context.RequestAborted);
                return;
            }

            await ServeAsync(context, projectRoot);
        });
        await app.StartAsync(TestTimeouts.Token());
        var port = new Uri(app.Urls.Single()).Port;
        server = new LocalHttpsGitServer(app, port, certificatePath);
        return server;
    }

    /// <summary>Runs git http-backend as a CGI program for one request.</summary>
    private static async Task ServeAsync(HttpContext context, string projectRoot)
    {
        var start = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var request = context.Request;
        start.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = WithoutTag(request.Path.Value ?? "/");
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? string.Empty;
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        start.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        if (request.ContentLength is { } length)
        {
            start.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(context.RequestAborted);
        var output = process.StandardOutput.BaseStream;
        var feed = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream, context.RequestAborted);
            process.StandardInput.Close();
        });

        // CGI: headers (Status: ..., Content-Type: ...) up to a blank line, then the body.
        var head = new MemoryStream();
        var one = new byte[1];
        while (!EndsWithBlankLine(head) && await output.ReadAsync(one, context.RequestAborted) == 1)
        {
            head.WriteByte(one[0]);
        }

        foreach (var line in Encoding.ASCII.GetString(head.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }

        await output.CopyToAsync(context.Response.Body, context.RequestAborted);
        await feed;
        await stderr;
        await process.WaitForExitAsync(context.RequestAborted);
    }

    /// <summary>'/t/{tag}/repo.git/...' is '/repo.git/...': a test tags its URLs to find its own requests.</summary>
    private static string WithoutTag(string path)
    {
        if (!path.StartsWith("/t/", StringComparison.Ordinal))
        {
            return path;
        }

        var end = path.IndexOf('/', 3);
        return end < 0 ? "/" : path[end..];
    }

    private static bool EndsWithBlankLine(MemoryStream head)
    {
        var bytes = head.GetBuffer().AsSpan(0, (int)head.Length);
        return bytes.EndsWith("\n\n"u8) || bytes.EndsWith("\r\n\r\n"u8);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    public async ValueTask DisposeAsync()
    {
        _releaseStalled.TrySetResult();
        await _app.StopAsync(TestTimeouts.Token());
        await _app.DisposeAsync();
    }
}
