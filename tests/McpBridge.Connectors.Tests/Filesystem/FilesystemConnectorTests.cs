using System.Text.Json.Nodes;
using McpBridge.Connectors.Filesystem;
using McpBridge.Connectors.Tests.Harness;

namespace McpBridge.Connectors.Tests.Filesystem;

public sealed class FilesystemConnectorTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _outside = new();

    private string Root => _data.Combine("files");

    public void Dispose()
    {
        _data.Dispose();
        _outside.Dispose();
    }

    private async Task<McpTestHarness> StartAsync(JsonObject? config = null, FilesystemConnector? connector = null)
    {
        var source = await (connector ?? new FilesystemConnector()).CreateSourceAsync(ConnectorContexts.For(_data.Path, config), TestTimeouts.Token());
        return await McpTestHarness.StartAsync(source);
    }

    [Fact]
    public async Task CreateSource_CreatesPrivateFolder_UnderDataDirectory()
    {
        await using var harness = await StartAsync();

        Assert.True(Directory.Exists(Root));
        Assert.Equal(["list_directory", "read_file", "write_file", "search_files", "get_file_info"], await harness.ListToolNamesAsync());
    }

    [Fact]
    public async Task WriteFile_ThenReadFile_ReturnsContent_AndCreatesParentFolders()
    {
        await using var harness = await StartAsync();

        var written = await harness.CallTextAsync("write_file", new { path = "notes/2026/todo.md", content = "# Todo\n- milk ✓\n" });
        var read = await harness.CallTextAsync("read_file", new { path = "notes/2026/todo.md" });

        Assert.Equal("Wrote 18 bytes to 'notes/2026/todo.md'.", written);
        Assert.Equal("# Todo\n- milk ✓\n", read);
        Assert.Equal("# Todo\n- milk ✓\n", await File.ReadAllTextAsync(Path.Combine(Root, "notes", "2026", "todo.md")));
    }

    [Fact]
    public async Task WriteFile_Appends_WhenAppendIsTrue()
    {
        await using var harness = await StartAsync();
        await harness.CallTextAsync("write_file", new { path = "log.txt", content = "one\n" });

        await harness.CallTextAsync("write_file", new { path = "log.txt", content = "two\n", append = true });

        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(Path.Combine(Root, "log.txt")));
    }

    [Fact]
    public async Task ListDirectory_ShowsFoldersFirst_WithSizes()
    {
        await using var harness = await StartAsync();
        Directory.CreateDirectory(Path.Combine(Root, "zeta"));
        await File.WriteAllTextAsync(Path.Combine(Root, "alpha.txt"), "12345");

        var listing = await harness.CallTextAsync("list_directory", new { path = "." });

        Assert.Equal("Contents of '.':\n[DIR]  zeta/\n[FILE] alpha.txt (5 bytes)\n", listing);
    }

    [Fact]
    public async Task ListDirectory_ReportsMissingFolder()
    {
        await using var harness = await StartAsync();

        var error = await harness.CallErrorAsync("list_directory", new { path = "nope" });

        Assert.Contains("The folder 'nope' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchFiles_MatchesByGlob_AndByContent()
    {
        await using var harness = await StartAsync();
        Directory.CreateDirectory(Path.Combine(Root, "docs", "deep"));
        await File.WriteAllTextAsync(Path.Combine(Root, "docs", "a.md"), "hello\nThe Budget is 42\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "docs", "deep", "b.md"), "nothing here");
        await File.WriteAllTextAsync(Path.Combine(Root, "docs", "c.txt"), "budget too");

        var byName = await harness.CallTextAsync("search_files", new { pattern = "*.md" });
        var byPath = await harness.CallTextAsync("search_files", new { pattern = "docs/**/*.md" });
        var byContent = await harness.CallTextAsync("search_files", new { pattern = "*", content = "budget" });
        var none = await harness.CallTextAsync("search_files", new { pattern = "*.pdf" });

        Assert.Equal("docs/a.md\ndocs/deep/b.md\n", byName);
        Assert.Equal("docs/a.md\ndocs/deep/b.md\n", byPath);
        Assert.Equal("docs/a.md:2: The Budget is 42\ndocs/c.txt:1: budget too\n", byContent);
        Assert.Equal("No files matching '*.pdf' below '.'.", none);
    }

    [Fact]
    public async Task SearchFiles_StopsAtMaxResults()
    {
        await using var harness = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(Root, $"f{i}.txt"), "x");
        }

        var result = await harness.CallTextAsync("search_files", new { pattern = "*.txt", max_results = 2 });

        Assert.Equal("f0.txt\nf1.txt\n(stopped after 2 files; narrow the pattern or raise max_results to see more)\n", result);
    }

    [Fact]
    public async Task GetFileInfo_DescribesFileAndFolder()
    {
        await using var harness = await StartAsync();
        await File.WriteAllTextAsync(Path.Combine(Root, "a.txt"), "abc");

        var file = await harness.CallTextAsync("get_file_info", new { path = "a.txt" });
        var folder = await harness.CallTextAsync("get_file_info", new { path = "." });

        Assert.Contains("type: file\nsize: 3 bytes (3 bytes)\n", file, StringComparison.Ordinal);
        Assert.Contains("type: folder\nentries: 1\n", folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteFile_IsRefused_WhenReadOnly()
    {
        await using var harness = await StartAsync(new JsonObject { ["readOnly"] = true });
        await File.WriteAllTextAsync(Path.Combine(Root, "keep.txt"), "original");

        var error = await harness.CallErrorAsync("write_file", new { path = "keep.txt", content = "changed" });
        var read = await harness.CallTextAsync("read_file", new { path = "keep.txt" });

        Assert.Contains("read-only", error, StringComparison.Ordinal);
        Assert.Equal("original", read);
    }

    [Fact]
    public async Task ReadFile_IsRefused_WhenLargerThanLimit()
    {
        await using var harness = await StartAsync(new JsonObject { ["maxFileBytes"] = 10 });
        await File.WriteAllTextAsync(Path.Combine(Root, "big.txt"), new string('x', 11));

        var error = await harness.CallErrorAsync("read_file", new { path = "big.txt" });

        Assert.EndsWith("'big.txt' is 11 bytes, more than the 10 bytes this folder allows reading at once.", error);
    }

    [Fact]
    public async Task WriteFile_IsRefused_WhenLargerThanLimit()
    {
        await using var harness = await StartAsync(new JsonObject { ["maxFileBytes"] = 10 });

        var error = await harness.CallErrorAsync("write_file", new { path = "big.txt", content = new string('x', 11) });

        Assert.Contains("more than the 10 bytes limit", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Root, "big.txt")));
    }

    [Fact]
    public async Task ReadFile_RefusesBinaryFiles()
    {
        await using var harness = await StartAsync();
        await File.WriteAllBytesAsync(Path.Combine(Root, "image.png"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]);
        await File.WriteAllBytesAsync(Path.Combine(Root, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9]);

        var png = await harness.CallErrorAsync("read_file", new { path = "image.png" });
        var latin1 = await harness.CallErrorAsync("read_file", new { path = "latin1.txt" });

        Assert.EndsWith("'image.png' is a binary file (it is not UTF-8 text); read_file only returns text.", png);
        Assert.Contains("binary file", latin1, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("notes/../../secret.txt")]
    [InlineData("..")]
    [InlineData("..\\secret.txt")]
    [InlineData("./../secret.txt")]
    [InlineData("notes/./../..")]
    public async Task Paths_WithDotDot_AreRefused(string path)
    {
        await File.WriteAllTextAsync(_data.Combine("secret.txt"), "top secret");
        await using var harness = await StartAsync();

        var read = await harness.CallErrorAsync("read_file", new { path });
        var write = await harness.CallErrorAsync("write_file", new { path, content = "pwned" });
        var list = await harness.CallErrorAsync("list_directory", new { path });

        Assert.Contains("contains '..'", read, StringComparison.Ordinal);
        Assert.Contains("contains '..'", write, StringComparison.Ordinal);
        Assert.Contains("contains '..'", list, StringComparison.Ordinal);
        Assert.Equal("top secret", await File.ReadAllTextAsync(_data.Combine("secret.txt")));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("//etc/passwd")]
    [InlineData("\\etc\\passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("c:/Windows")]
    public async Task AbsolutePaths_AreRefused(string path)
    {
        await using var harness = await StartAsync();

        var read = await harness.CallErrorAsync("read_file", new { path });
        var info = await harness.CallErrorAsync("get_file_info", new { path });

        Assert.Contains("is an absolute path", read, StringComparison.Ordinal);
        Assert.Contains("is an absolute path", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFile_ThroughSymlinkedFile_IsRefused()
    {
        var secret = _outside.Combine("secret.txt");
        await File.WriteAllTextAsync(secret, "top secret");
        await using var harness = await StartAsync();
        File.CreateSymbolicLink(Path.Combine(Root, "link.txt"), secret);

        var error = await harness.CallErrorAsync("read_file", new { path = "link.txt" });

        Assert.EndsWith("'link.txt' is a symbolic link. Links are not followed in this folder.", error);
    }

    [Fact]
    public async Task Tools_ThroughSymlinkedFolder_AreRefused()
    {
        await File.WriteAllTextAsync(_outside.Combine("secret.txt"), "top secret");
        await using var harness = await StartAsync();
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), _outside.Path);

        var read = await harness.CallErrorAsync("read_file", new { path = "escape/secret.txt" });
        var list = await harness.CallErrorAsync("list_directory", new { path = "escape" });
        var write = await harness.CallErrorAsync("write_file", new { path = "escape/new.txt", content = "pwned" });
        var writeDeeper = await harness.CallErrorAsync("write_file", new { path = "escape/sub/new.txt", content = "pwned" });
        var info = await harness.CallErrorAsync("get_file_info", new { path = "escape/secret.txt" });

        foreach (var error in new[] { read, list, write, writeDeeper, info })
        {
            Assert.EndsWith("'escape' is a symbolic link. Links are not followed in this folder.", error);
        }

        Assert.False(File.Exists(_outside.Combine("new.txt")));
        Assert.False(Directory.Exists(_outside.Combine("sub")));
    }

    [Fact]
    public async Task WriteFile_ThroughDanglingSymlink_IsRefused_AndCreatesNothingOutside()
    {
        var target = _outside.Combine("created-by-attacker.txt");
        await using var harness = await StartAsync();
        File.CreateSymbolicLink(Path.Combine(Root, "dangling.txt"), target);

        var error = await harness.CallErrorAsync("write_file", new { path = "dangling.txt", content = "pwned" });

        Assert.EndsWith("'dangling.txt' is a symbolic link. Links are not followed in this folder.", error);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task WriteFile_IntoNestedSymlinkedFolder_IsRefused()
    {
        await using var harness = await StartAsync();
        Directory.CreateDirectory(Path.Combine(Root, "a", "b"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "a", "b", "c"), _outside.Path);

        var error = await harness.CallErrorAsync("write_file", new { path = "a/b/c/d/e.txt", content = "pwned" });

        Assert.EndsWith("'a/b/c' is a symbolic link. Links are not followed in this folder.", error);
        Assert.Empty(Directory.GetFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task SearchAndList_DoNotFollowSymlinks()
    {
        await File.WriteAllTextAsync(_outside.Combine("secret.md"), "top secret");
        await using var harness = await StartAsync();
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), _outside.Path);
        File.CreateSymbolicLink(Path.Combine(Root, "link.md"), _outside.Combine("secret.md"));
        await File.WriteAllTextAsync(Path.Combine(Root, "own.md"), "mine, not secret");

        var search = await harness.CallTextAsync("search_files", new { pattern = "*.md", content = "secret" });
        var listing = await harness.CallTextAsync("list_directory", new { });

        Assert.Equal("own.md:1: mine, not secret\n", search);
        Assert.Contains("[LINK] escape (symbolic link, not followed)", listing, StringComparison.Ordinal);
        Assert.Contains("[LINK] link.md (symbolic link, not followed)", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteFile_ToRootOrFolder_IsRefused()
    {
        await using var harness = await StartAsync();
        Directory.CreateDirectory(Path.Combine(Root, "docs"));

        var root = await harness.CallErrorAsync("write_file", new { path = ".", content = "x" });
        var folder = await harness.CallErrorAsync("write_file", new { path = "docs", content = "x" });

        Assert.Contains("is a folder", root, StringComparison.Ordinal);
        Assert.Contains("'docs' is a folder", folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_DoNotDiscloseHostPaths()
    {
        await using var harness = await StartAsync();
        await File.WriteAllTextAsync(Path.Combine(Root, "file.txt"), "x");

        var errors = new[]
        {
            await harness.CallErrorAsync("read_file", new { path = "missing.txt" }),
            await harness.CallErrorAsync("write_file", new { path = "file.txt/inner.txt", content = "x" }),
            await harness.CallErrorAsync("list_directory", new { path = "file.txt" }),
        };

        foreach (var error in errors)
        {
            Assert.DoesNotContain(_data.Path, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Config_RejectsRoot_ForHostedConnector()
    {
        var connector = new FilesystemConnector();

        var result = ConfigValidation.Validate(connector.ConfigSchema, new JsonObject { ["root"] = "/etc" });
        var create = () => connector.CreateSourceAsync(ConnectorContexts.For(_data.Path, new JsonObject { ["root"] = "/etc" }), TestTimeouts.Token()).AsTask();

        Assert.False(result.IsValid);
        Assert.StartsWith("is not a known setting", Assert.Single(result.Errors["root"]), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(create);
    }

    [Fact]
    public async Task Config_AcceptsRoot_ForLocalConnector()
    {
        await File.WriteAllTextAsync(_outside.Combine("mine.txt"), "local file");
        var connector = new FilesystemConnector(allowCustomRoot: true);
        await using var harness = await StartAsync(new JsonObject { ["root"] = _outside.Path }, connector);

        var read = await harness.CallTextAsync("read_file", new { path = "mine.txt" });

        Assert.Equal("local file", read);
        Assert.True(connector.ConfigSchema["properties"]!.AsObject().ContainsKey("root"));
    }

    [Theory]
    [InlineData("""{"readOnly":true,"maxFileBytes":2048}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"maxFileBytes":10485761}""", false)]
    [InlineData("""{"maxFileBytes":0}""", false)]
    [InlineData("""{"readOnly":"no"}""", false)]
    public void Schema_ValidatesConfig(string config, bool valid)
    {
        var result = ConfigValidation.Validate(new FilesystemConnector().ConfigSchema, JsonNode.Parse(config));

        Assert.Equal(valid, result.IsValid);
        if (valid)
        {
            Assert.True(result.Normalized.ContainsKey("maxFileBytes"));
        }
    }
}
