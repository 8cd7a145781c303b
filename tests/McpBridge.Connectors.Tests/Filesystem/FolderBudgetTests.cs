using McpBridge.Connectors.Filesystem;
using McpBridge.Connectors.Tests.Harness;
using McpBridge.Mcp.Sources;

namespace McpBridge.Connectors.Tests.Filesystem;

/// <summary>A hosted server's folder holds a bounded total, so one server cannot fill the host's disk.</summary>
public sealed class FolderBudgetTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private Task<McpTestHarness> StartAsync(FolderBudget budget)
    {
        var tools = new FilesystemTools(new FileSandbox(_root.Path), readOnly: false, maxFileBytes: 1024, budget);
        return McpTestHarness.StartAsync(new InProcessSource(tools.CreateTools()));
    }

    [Fact]
    public async Task WriteFile_IsRefused_WhenTheFolderWouldExceedItsTotalSize()
    {
        await using var harness = await StartAsync(new FolderBudget(MaxBytes: 100, MaxFiles: 10));
        await harness.CallTextAsync("write_file", new { path = "a.txt", content = new string('a', 60) });

        var refused = await harness.CallErrorAsync("write_file", new { path = "b.txt", content = new string('b', 60) });

        Assert.Contains("more than its 100 bytes in all", refused);
        Assert.False(File.Exists(Path.Combine(_root.Path, "b.txt")));

        // Replacing a file counts its new size, not both.
        await harness.CallTextAsync("write_file", new { path = "a.txt", content = new string('c', 90) });
        Assert.Equal(90, new FileInfo(Path.Combine(_root.Path, "a.txt")).Length);
    }

    [Fact]
    public async Task WriteFile_IsRefused_WhenTheFolderHoldsItsMostFiles()
    {
        await using var harness = await StartAsync(new FolderBudget(MaxBytes: 10_000, MaxFiles: 2));
        await harness.CallTextAsync("write_file", new { path = "one.txt", content = "1" });
        await harness.CallTextAsync("write_file", new { path = "sub/two.txt", content = "2" });

        var refused = await harness.CallErrorAsync("write_file", new { path = "three.txt", content = "3" });

        Assert.Contains("already holds 2 files", refused);
        await harness.CallTextAsync("write_file", new { path = "one.txt", content = "still allowed", append = true });
    }
}
