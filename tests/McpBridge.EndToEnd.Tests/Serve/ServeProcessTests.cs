using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using McpBridge.Protocol.Api;
using McpBridge.ServerTesting;
using McpBridge.TestSupport.Databases;

namespace McpBridge.EndToEnd.Tests.Serve;

/// <summary>
/// `mcp-bridge serve` as a real process, the way the README starts it: it migrates its database, serves, stops cleanly
/// on Ctrl+C (SIGINT) writing what it metered, and starts again on the same data with everything still there.
/// </summary>
public sealed class ServeProcessTests
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Serve_ServesStopsCleanlyOnCtrlC_AndKeepsEverythingAcrossARestart(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dataDir = Directory.CreateTempSubdirectory("mcpb-serve-").FullName;
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        string[] arguments = provider == DatabaseProvider.Sqlite
            ? ["serve", "--urls", url, "--data-dir", dataDir]
            : ["serve", "--urls", url, "--data-dir", dataDir, "--db", database.ConnectionString];
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        string key, serverId, slug, accountKey;
        await using (var first = await ServeProcess.StartAsync(arguments))
        {
            Assert.Contains(provider == DatabaseProvider.Sqlite ? "database: SQLite" : "database: PostgreSQL", first.Output);
            var signup = await ApiCalls.ExpectAsync<SignupResponse>(await http.PostAsJsonAsync("/api/v1/signup", new SignupRequest("proc"), s_json), HttpStatusCode.Created);
            accountKey = signup.ApiKey;
            var account = new TestAccount(signup.AccountId, signup.ApiKey, new HttpClient { BaseAddress = new Uri(url), DefaultRequestHeaders = { { "Authorization", $"Bearer {signup.ApiKey}" } } });
            var (server, created, _) = await account.DeployedServerAsync("Process", ("echo", null));
            (key, serverId, slug) = (created.Key, server.Id, server.Slug);

            for (var i = 0; i < 3; i++)
            {
                var (status, _) = await McpCalls.CallToolAsync(http, $"{url}/s/{slug}/mcp", "echo", new() { ["message"] = $"call {i}" },
                    new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" });
                Assert.Equal(HttpStatusCode.OK, status);
            }

            var exitCode = await first.InterruptAsync();
            Assert.True(exitCode == 0, $"serve exited with {exitCode} after Ctrl+C:\n{first.Output}");
        }

        await using (var second = await ServeProcess.StartAsync(arguments))
        {
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", accountKey);
            var usage = await client.GetFromJsonAsync<UsageReport>($"/api/v1/servers/{serverId}/usage", s_json);
            Assert.Equal(3, usage!.Totals.Calls);
            Assert.Equal(3, usage.Month.Calls);

            var (status, message) = await McpCalls.CallToolAsync(http, $"{url}/s/{slug}/mcp", "echo", new() { ["message"] = "after restart" },
                new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Echo: after restart", message!.Value.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
            await second.InterruptAsync();
        }

        Directory.Delete(dataDir, recursive: true);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Serve_KilledHard_LosesNoAcknowledgedConfiguration(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var dataDir = Directory.CreateTempSubdirectory("mcpb-serve-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        string[] arguments = provider == DatabaseProvider.Sqlite
            ? ["serve", "--urls", url, "--data-dir", dataDir]
            : ["serve", "--urls", url, "--data-dir", dataDir, "--db", database.ConnectionString];
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        TestAccount account;
        ServerInfo server;
        KeyCreated key;
        await using (var first = await ServeProcess.StartAsync(arguments))
        {
            var signup = await ApiCalls.ExpectAsync<SignupResponse>(await http.PostAsJsonAsync("/api/v1/signup", new SignupRequest("hard"), s_json), HttpStatusCode.Created);
            account = new TestAccount(signup.AccountId, signup.ApiKey, new HttpClient { BaseAddress = new Uri(url), DefaultRequestHeaders = { { "Authorization", $"Bearer {signup.ApiKey}" } } });
            (server, key, _) = await account.DeployedServerAsync("Durable", ("echo", null));
            await account.AddToolAsync(server.Id, "fetch");

            // SIGKILL: no shutdown code runs. Everything above was acknowledged, so everything above must survive.
            first.KillHard();
        }

        await using (var second = await ServeProcess.StartAsync(arguments))
        {
            var detail = await account.GetAsync<ServerDetail>($"/api/v1/servers/{server.Id}");
            Assert.Equal(["echo", "fetch"], detail.Tools.Select(t => t.Name));
            Assert.Equal(1, detail.Server.LiveVersion);
            var (status, _) = await McpCalls.CallToolAsync(http, $"{url}/s/{server.Slug}/mcp", "echo", new() { ["message"] = "still here" },
                new Dictionary<string, string> { ["Authorization"] = $"Bearer {key.Key}" });
            Assert.Equal(HttpStatusCode.OK, status);
            await second.InterruptAsync();
        }

        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Serve_RefusesToStart_WithAClearMessage_WhenTheDatabaseIsUnreachable()
    {
        var dataDir = Directory.CreateTempSubdirectory("mcpb-serve-").FullName;
        var unused = FreePort();
        var start = ServeProcess.StartInfo(["serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--data-dir", dataDir,
            "--db", $"Host=127.0.0.1;Port={unused};Username=app;Password=hunter2-secret;Database=app"]);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var output = await stdout + await stderr;

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains($"cannot reach PostgreSQL at 127.0.0.1:{unused}", output);
        Assert.DoesNotContain("hunter2-secret", output);
        Directory.Delete(dataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A running `mcp-bridge serve` child process.</summary>
    private sealed class ServeProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ServeProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static ProcessStartInfo StartInfo(string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mcp-bridge.dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            return start;
        }

        public static async Task<ServeProcess> StartAsync(string[] arguments)
        {
            var serve = new ServeProcess(Process.Start(StartInfo(arguments))!);
            var exited = serve._process.WaitForExitAsync();
            if (await Task.WhenAny(serve._ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(60)) == exited)
            {
                throw new InvalidOperationException($"serve exited with {serve._process.ExitCode} before it was ready:\n{serve.Output}");
            }

            return serve;
        }

        /// <summary>Kills the process at once (SIGKILL), as a crash or power loss of the process would.</summary>
        public void KillHard()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        /// <summary>Sends SIGINT (what Ctrl+C does) and returns the exit code.</summary>
        public async Task<int> InterruptAsync()
        {
            using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return _process.ExitCode;
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains("MCP Bridge is ready", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
