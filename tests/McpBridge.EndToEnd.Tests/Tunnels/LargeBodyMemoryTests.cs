using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using McpBridge.EndToEnd.Tests.Start;
using McpBridge.ServerTesting;
using Xunit.Abstractions;

namespace McpBridge.EndToEnd.Tests.Tunnels;

/// <summary>
/// A gigabyte each way through <c>serve</c> and <c>start http-proxy</c> (real processes): the bytes arrive intact and
/// neither process's memory grows with the body, since each stream's window bounds what is in flight.
/// </summary>
public sealed class LargeBodyMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long OneGigabyte = 1L << 30;
    private const long MaxGrowthBytes = 150L * 1024 * 1024;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mcpb-tunnel-mem-data-").FullName;
    private readonly string _configDir = Directory.CreateTempSubdirectory("mcpb-tunnel-mem-config-").FullName;
    private LocalTarget _target = null!;
    private CliProcess _serve = null!;
    private CliProcess _start = null!;
    private string _url = string.Empty;

    public async Task InitializeAsync()
    {
        _target = await LocalTarget.StartAsync();
        var server = $"http://127.0.0.1:{CliProcess.FreePort()}";
        var environment = new Dictionary<string, string?> { ["MCP_BRIDGE_CONFIG_DIR"] = _configDir, ["MCP_BRIDGE_API_KEY"] = null };
        _serve = CliProcess.Start(environment, "serve", "--urls", server, "--data-dir", _dataDir);
        await _serve.WaitForAsync("MCP Bridge is ready", s_timeout);
        _start = CliProcess.Start(environment, "start", "http-proxy", "--target", _target.Url.ToString(), "--temp", "--quiet", "--server", server);
        await _start.WaitForAsync("Running; Ctrl+C to stop.", s_timeout);
        _url = _start.PrintedTunnelUrl;
    }

    public async Task DisposeAsync()
    {
        await _start.DisposeAsync();
        await _serve.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
        Directory.Delete(_configDir, recursive: true);
    }

    [Fact]
    public async Task GigabyteDownloadAndUpload_ArriveIntact_WithFlatMemory()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        using var sampler = new RssSampler(_serve.ProcessId, _start.ProcessId);

        long downloaded = 0;
        using (var response = await http.GetAsync($"{_url}/bytes/{OneGigabyte}", HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[256 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                downloaded += read;
            }
        }

        var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var upload = await http.PostAsync($"{_url}/sha256", new StreamContent(new GeneratedStream(OneGigabyte, expected)));
        var received = await upload.Content.ReadFromJsonAsync<JsonElement>();

        var growth = sampler.Stop();
        output.WriteLine($"serve RSS growth {growth[0] / 1048576.0:F1} MiB, start RSS growth {growth[1] / 1048576.0:F1} MiB over 2 GiB moved");
        Assert.Equal(OneGigabyte, downloaded);
        Assert.Equal(OneGigabyte, received.GetProperty("length").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(expected.GetHashAndReset()), received.GetProperty("sha256").GetString());
        Assert.True(growth[0] < MaxGrowthBytes, $"serve grew by {growth[0] / 1048576} MiB while relaying 2 GiB");
        Assert.True(growth[1] < MaxGrowthBytes, $"start grew by {growth[1] / 1048576} MiB while relaying 2 GiB");
    }



    /// <summary>The highest resident set of each process above where it started, sampled from /proc while the body moves.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly int[] _pids;
        private readonly long[] _start;
        private readonly long[] _peak;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public RssSampler(params int[] pids)
        {
            _pids = pids;
            _start = [.. pids.Select(Rss)];
            _peak = [.. _start];
            _loop = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    for (var i = 0; i < _pids.Length; i++)
                    {
                        _peak[i] = Math.Max(_peak[i], Rss(_pids[i]));
                    }
                }
            });
        }

        public long[] Stop()
        {
            _stop.Cancel();
            try
            {
                _loop.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled.
            }

            return [.. _peak.Zip(_start, (peak, start) => peak - start)];
        }

        public void Dispose() => _stop.Dispose();

        private static long Rss(int pid)
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }

            return 0;
        }
    }

    /// <summary>A body of <c>length</c> pseudo-random bytes made as it is read, hashed on the way.</summary>
    private sealed class GeneratedStream(long length, IncrementalHash hash) : Stream
    {
        private readonly Random _random = new(42);
        private long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            if (n <= 0)
            {
                return 0;
            }

            _random.NextBytes(buffer.AsSpan(offset, n));
            hash.AppendData(buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
