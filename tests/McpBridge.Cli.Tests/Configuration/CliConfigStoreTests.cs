using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.Configuration;

public sealed class CliConfigStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mcp-bridge-cli-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SaveAsync_WritesOwnerOnlyFileThatLoadsBack()
    {
        var store = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, Path.Combine(_root, "nested", "dir")));

        await store.SaveAsync(new CliConfig { Server = "http://127.0.0.1:5000", ApiKey = "mcpb_ak_secret" }, CancellationToken.None);
        var loaded = await store.LoadAsync(CancellationToken.None);

        Assert.Equal("http://127.0.0.1:5000", loaded.Server);
        Assert.Equal("mcpb_ak_secret", loaded.ApiKey);
        Assert.Equal(Path.Combine(_root, "nested", "dir", "config.json"), store.FilePath);
        Assert.Contains("\"apiKey\": \"mcpb_ak_secret\"", await File.ReadAllTextAsync(store.FilePath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(store.FilePath)!));
        }
    }

    [Fact]
    public async Task SaveAsync_TightensModeOfAnExistingWorldReadableFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var store = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, _root));
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(store.FilePath, "{}");
        File.SetUnixFileMode(store.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await store.SaveAsync(new CliConfig { ApiKey = "k" }, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public async Task SaveAsync_ReplacesAStaleTemporaryFile_InsteadOfWritingThroughIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A crash can leave config.json.tmp behind; whatever it is now (here a link to a readable file), the key
        // must go into a new private file, not into the old one.
        var store = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, _root));
        Directory.CreateDirectory(_root);
        var elsewhere = Path.Combine(_root, "elsewhere.txt");
        await File.WriteAllTextAsync(elsewhere, "not the config");
        File.CreateSymbolicLink(store.FilePath + ".tmp", elsewhere);

        await store.SaveAsync(new CliConfig { ApiKey = "mcpb_ak_secret" }, CancellationToken.None);

        Assert.Equal("not the config", await File.ReadAllTextAsync(elsewhere));
        Assert.Null(new FileInfo(store.FilePath).LinkTarget);
        Assert.Equal("mcpb_ak_secret", (await store.LoadAsync(CancellationToken.None)).ApiKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        Assert.False(File.Exists(store.FilePath + ".tmp"));
    }

    [Fact]
    public async Task LoadAsync_ReturnsEmpty_WhenNoFileExists()
    {
        var store = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, _root));

        var loaded = await store.LoadAsync(CancellationToken.None);

        Assert.Null(loaded.Server);
        Assert.Null(loaded.ApiKey);
    }

    [Fact]
    public async Task LoadAsync_ThrowsClearError_WhenFileIsNotJson()
    {
        var store = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, _root));
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(store.FilePath, "{ not json");

        var error = await Assert.ThrowsAsync<CliConfigException>(() => store.LoadAsync(CancellationToken.None));

        Assert.Contains(store.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_KeepsMembersItDoesNotKnow()
    {
        var store = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, _root));
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(store.FilePath, """{ "server": "http://a:1", "apiKey": "k", "future": { "x": 1 } }""");

        var loaded = await store.LoadAsync(CancellationToken.None);
        await store.SaveAsync(loaded with { ApiKey = null }, CancellationToken.None);

        var text = await File.ReadAllTextAsync(store.FilePath);
        Assert.Contains("\"future\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"k\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FilePath_UsesXdgConfigHome_ThenHome_WhenNoExplicitDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var xdg = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.XdgConfigHome, "/x/config").Set(EnvironmentVariables.Home, "/home/u"));
        var home = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.Home, "/home/u"));
        var explicitDirectory = new CliConfigStore(new TestEnvironment().Set(EnvironmentVariables.ConfigDir, "/explicit").Set(EnvironmentVariables.XdgConfigHome, "/x/config"));

        Assert.Equal("/x/config/mcp-bridge/config.json", xdg.FilePath);
        Assert.Equal("/home/u/.config/mcp-bridge/config.json", home.FilePath);
        Assert.Equal("/explicit/config.json", explicitDirectory.FilePath);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
