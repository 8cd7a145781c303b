using McpBridge.Cli.Local;

namespace McpBridge.Cli.Tests.Local;

public sealed class CommandLineSplitterTests
{
    [Theory]
    [InlineData("node server.js", new[] { "node", "server.js" })]
    [InlineData("  python   -m  my_server  ", new[] { "python", "-m", "my_server" })]
    [InlineData("node 'My Notes/server.js' --root \"a b\"", new[] { "node", "My Notes/server.js", "--root", "a b" })]
    [InlineData("echo \"say \\\"hi\\\"\" 'it''s'", new[] { "echo", "say \"hi\"", "its" })]
    [InlineData("run a\\ b \"\" x", new[] { "run", "a b", "", "x" })]
    [InlineData("cmd $HOME; rm -rf / | cat", new[] { "cmd", "$HOME;", "rm", "-rf", "/", "|", "cat" })]
    public void TrySplit_SplitsLikeAPosixShell_WithoutItsExpansions(string text, string[] expected)
    {
        Assert.True(CommandLineSplitter.TrySplit(text, windows: false, out var words, out _));
        Assert.Equal(expected, words);
    }

    [Fact]
    public void TrySplit_KeepsWindowsBackslashes_AsPathSeparators()
    {
        Assert.True(CommandLineSplitter.TrySplit("C:\\tools\\server.exe --name \"a \\\"b\\\"\"", windows: true, out var words, out _));
        Assert.Equal(["C:\\tools\\server.exe", "--name", "a \"b\""], words);
    }

    [Theory]
    [InlineData("node 'server.js", "it has an unterminated ' quote")]
    [InlineData("node \"server.js", "it has an unterminated \" quote")]
    [InlineData("node server\\", "it ends with a lone \\")]
    [InlineData("   ", "it is empty")]
    public void TrySplit_ExplainsWhatIsWrong(string text, string expected)
    {
        Assert.False(CommandLineSplitter.TrySplit(text, windows: false, out _, out var error));
        Assert.Equal(expected, error);
    }
}
