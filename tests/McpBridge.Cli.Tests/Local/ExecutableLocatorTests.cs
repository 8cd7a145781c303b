using McpBridge.Cli.Local;

namespace McpBridge.Cli.Tests.Local;

public sealed class ExecutableLocatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mcp-bridge-locator-").FullName;

    [Fact]
    public void Find_LooksUpABareName_OnPath_AndAPath_RelativeToTheWorkingFolder()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var program = Executable(Path.Combine(bin, "my-server"));
        var path = string.Join(Path.PathSeparator, Path.Combine(_folder, "empty"), bin);

        Assert.Equal(program, ExecutableLocator.Find("my-server", _folder, path, null, windows: false));
        Assert.Equal(program, ExecutableLocator.Find("./bin/my-server", _folder, path: null, null, windows: false));
        Assert.Null(ExecutableLocator.Find("other-server", _folder, path, null, windows: false));
    }

    [Fact]
    public void Find_SkipsFilesThatAreNotExecutable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var file = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(file, "not a program");

        Assert.Null(ExecutableLocator.Find("notes.txt", _folder, _folder, null, windows: false));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Executable(string file)
    {
        File.WriteAllText(file, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return file;
    }
}
