namespace McpBridge.Cli.Local;

/// <summary>
/// Finds the program of a command the way the operating system will when it starts it: a path (relative to the
/// working folder) as it is, a bare name on PATH (with PATHEXT's extensions on Windows). Used to say "not found"
/// before anything starts, rather than after the tunnel is up.
/// </summary>
internal static class ExecutableLocator
{
    public static string? Find(string program, string workingDirectory, string? path, string? pathExt, bool windows)
    {
        var extensions = windows
            ? (pathExt ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries).Prepend(string.Empty).ToArray()
            : [string.Empty];

        if (program.Contains('/') || (windows && program.Contains('\\')))
        {
            return Candidates(Path.GetFullPath(program, workingDirectory), extensions).FirstOrDefault(IsExecutable);
        }

        foreach (var folder in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Candidates(Path.Combine(folder.Trim('"'), program), extensions).FirstOrDefault(IsExecutable) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string file, string[] extensions) => extensions.Select(e => file + e);

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
