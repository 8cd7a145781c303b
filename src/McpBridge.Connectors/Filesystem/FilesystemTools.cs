using System.ComponentModel;
using System.Globalization;
using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpBridge.Connectors.Filesystem;

/// <summary>The filesystem connector's tools, bound to one sandboxed folder.</summary>
internal sealed class FilesystemTools
{
    public static readonly ConnectorToolInfo ListDirectoryInfo = new(
        "list_directory",
        "List the files and folders in a folder. Paths are relative to the folder's root ('.' is the root). Folders end with '/', files show their size.");

    public static readonly ConnectorToolInfo ReadFileInfo = new(
        "read_file",
        "Read a UTF-8 text file and return its full contents. Paths are relative to the folder's root. Binary files and files over the size limit are refused.");

    public static readonly ConnectorToolInfo WriteFileInfo = new(
        "write_file",
        "Create or overwrite a text file with the given content (UTF-8), creating missing parent folders. Set append to true to add to the end of an existing file instead. Paths are relative to the folder's root.");

    public static readonly ConnectorToolInfo SearchFilesInfo = new(
        "search_files",
        "Find files by name with a glob pattern ('*.md', 'notes/**/*.txt'), optionally only those containing a piece of text (case-insensitive), below a folder. Returns matching paths, with the matching lines for a text search.");

    public static readonly ConnectorToolInfo GetFileInfoInfo = new(
        "get_file_info",
        "Get details about a file or folder: whether it is a file or a folder, its size and when it was last modified.");

    public static IReadOnlyList<ConnectorToolInfo> All { get; } = [ListDirectoryInfo, ReadFileInfo, WriteFileInfo, SearchFilesInfo, GetFileInfoInfo];

    private const int MaxListedEntries = 1000;
    private const int MaxScannedEntries = 20_000;
    private const int MaxLinesPerFile = 3;
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly FileSandbox _sandbox;
    private readonly bool _readOnly;
    private readonly long _maxFileBytes;
    private readonly FolderBudget? _budget;

    /// <param name="budget">For a hosted folder: how much it may hold in all, so one server cannot fill the host's disk.</param>
    public FilesystemTools(FileSandbox sandbox, bool readOnly, long maxFileBytes, FolderBudget? budget = null)
    {
        _sandbox = sandbox;
        _readOnly = readOnly;
        _maxFileBytes = maxFileBytes;
        _budget = budget;
    }

    public IReadOnlyList<McpServerTool> CreateTools() =>
    [
        ConnectorTool.Create(ListDirectory, ListDirectoryInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(ReadFileAsync, ReadFileInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(WriteFileAsync, WriteFileInfo, readOnly: false, openWorld: false),
        ConnectorTool.Create(SearchFilesAsync, SearchFilesInfo, readOnly: true, openWorld: false),
        ConnectorTool.Create(GetFileInfo, GetFileInfoInfo, readOnly: true, openWorld: false),
    ];

    public string ListDirectory(
        [Description("The folder to list, relative to the root. Defaults to the root ('.').")] string path = ".")
    {
        var full = _sandbox.Resolve(path);
        var shown = _sandbox.ToRelative(full);
        if (!Directory.Exists(full))
        {
            throw new McpException(File.Exists(full)
                ? $"'{shown}' is a file, not a folder. Use read_file to read it."
                : $"The folder '{shown}' does not exist. Use list_directory on '.' to see what is there.");
        }

        var entries = Guard(shown, () => new DirectoryInfo(full).EnumerateFileSystemInfos()
            .OrderBy(e => e is FileInfo ? 1 : 0)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .Take(MaxListedEntries + 1)
            .ToList());
        if (entries.Count == 0)
        {
            return $"The folder '{shown}' is empty.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Contents of '{shown}':\n");
        foreach (var entry in entries.Take(MaxListedEntries))
        {
            if (entry.LinkTarget is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"[LINK] {entry.Name} (symbolic link, not followed)\n");
            }
            else if (entry is DirectoryInfo)
            {
                text.Append(CultureInfo.InvariantCulture, $"[DIR]  {entry.Name}/\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"[FILE] {entry.Name} ({FormatSize(((FileInfo)entry).Length)})\n");
            }
        }

        if (entries.Count > MaxListedEntries)
        {
            text.Append(CultureInfo.InvariantCulture, $"(only the first {MaxListedEntries} entries are shown; use search_files to narrow down)\n");
        }

        return text.ToString();
    }

    public async Task<string> ReadFileAsync(
        [Description("The file to read, relative to the root, e.g. 'notes/todo.md'.")] string path,
        CancellationToken cancellationToken)
    {
        var full = _sandbox.Resolve(path);
        var shown = _sandbox.ToRelative(full);
        var info = RequireFile(full, shown);
        if (info.Length > _maxFileBytes)
        {
            throw new McpException($"'{shown}' is {FormatSize(info.Length)}, more than the {FormatSize(_maxFileBytes)} this folder allows reading at once.");
        }

        var bytes = await GuardAsync(shown, () => File.ReadAllBytesAsync(full, cancellationToken));
        if (!TryDecode(bytes, out var text))
        {
            throw new McpException($"'{shown}' is a binary file (it is not UTF-8 text); read_file only returns text.");
        }

        return text;
    }

    public async Task<string> WriteFileAsync(
        [Description("The file to write, relative to the root, e.g. 'notes/todo.md'. Missing parent folders are created.")] string path,
        [Description("The full text to write (UTF-8).")] string content,
        CancellationToken cancellationToken,
        [Description("Add the content to the end of the file instead of replacing it.")] bool append = false)
    {
        if (_readOnly)
        {
            throw new McpException("This folder is read-only (its configuration sets readOnly), so write_file is not allowed. The read tools still work.");
        }

        var full = _sandbox.Resolve(path);
        var shown = _sandbox.ToRelative(full);
        if (full == _sandbox.Root || Directory.Exists(full))
        {
            throw new McpException($"'{shown}' is a folder. Give the path of a file inside it, such as '{(shown == "." ? string.Empty : shown + "/")}new.txt'.");
        }

        var bytes = Encoding.UTF8.GetBytes(content);
        var existing = append && File.Exists(full) ? new FileInfo(full).Length : 0;
        if (existing + bytes.Length > _maxFileBytes)
        {
            throw new McpException($"Writing {FormatSize(bytes.Length)} would make '{shown}' {FormatSize(existing + bytes.Length)}, more than the {FormatSize(_maxFileBytes)} limit of this folder.");
        }

        if (_budget is { } budget)
        {
            var (files, total) = Usage(_sandbox.Root, budget.MaxFiles);
            var replaced = append ? 0 : (File.Exists(full) ? new FileInfo(full).Length : 0);
            var isNew = !File.Exists(full);
            if (total - replaced + bytes.Length > budget.MaxBytes)
            {
                throw new McpException($"The folder would hold {FormatSize(total - replaced + bytes.Length)}, more than its {FormatSize(budget.MaxBytes)} in all. Delete or shorten files first.");
            }

            if (isNew && files >= budget.MaxFiles)
            {
                throw new McpException($"The folder already holds {budget.MaxFiles} files, its limit. Write into an existing file or remove some first.");
            }
        }

        var parent = Path.GetDirectoryName(full)!;
        if (File.Exists(parent))
        {
            throw new McpException($"'{_sandbox.ToRelative(parent)}' is a file, so it cannot hold '{shown}'.");
        }

        await GuardAsync(shown, async () =>
        {
            Directory.CreateDirectory(parent);
            await using var stream = new FileStream(full, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            await stream.WriteAsync(bytes, cancellationToken);
            return true;
        });

        return append
            ? $"Appended {FormatSize(bytes.Length)} to '{shown}'."
            : $"Wrote {FormatSize(bytes.Length)} to '{shown}'.";
    }

    /// <summary>Files and bytes under <paramref name="root"/> (links not followed), counting at most a little past <paramref name="maxFiles"/>.</summary>
    private static (int Files, long Bytes) Usage(string root, int maxFiles)
    {
        int files = 0;
        long bytes = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            files++;
            bytes += file.Length;
            if (files > maxFiles)
            {
                break;
            }
        }

        return (files, bytes);
    }

    public async Task<string> SearchFilesAsync(
        [Description("A glob for file names: '*' matches within a name, '**' any folders, '?' one character. Examples: '*.md', 'todo*', 'src/**/*.cs'.")] string pattern,
        CancellationToken cancellationToken,
        [Description("The folder to search below, relative to the root. Defaults to the root ('.').")] string path = ".",
        [Description("Only return files containing this text (case-insensitive). Leave empty to match by name only.")] string? content = null,
        [Description("The most files to return (1 to 500).")] int max_results = 50)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new McpException("pattern must not be empty; use '*' to match every file.");
        }

        if (max_results is < 1 or > 500)
        {
            throw new McpException("max_results must be between 1 and 500.");
        }

        var baseFull = _sandbox.Resolve(path);
        var baseShown = _sandbox.ToRelative(baseFull);
        if (!Directory.Exists(baseFull))
        {
            throw new McpException($"The folder '{baseShown}' does not exist.");
        }

        var glob = new GlobPattern(pattern);
        var results = new StringBuilder();
        var found = 0;
        var scanned = 0;
        var pending = new Stack<string>();
        pending.Push(baseFull);
        while (pending.Count > 0 && found < max_results && scanned < MaxScannedEntries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (++scanned > MaxScannedEntries || found >= max_results)
                {
                    break;
                }

                if (entry.LinkTarget is not null)
                {
                    // Never descend into or read through a link: it may point outside the folder.
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                    continue;
                }

                var relativeToBase = Path.GetRelativePath(baseFull, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (!glob.IsMatch(relativeToBase))
                {
                    continue;
                }

                var shown = _sandbox.ToRelative(entry.FullName);
                if (string.IsNullOrEmpty(content))
                {
                    results.Append(shown).Append('\n');
                    found++;
                    continue;
                }

                var lines = await FindLinesAsync((FileInfo)entry, content, cancellationToken);
                if (lines.Count > 0)
                {
                    found++;
                    foreach (var (number, line) in lines)
                    {
                        results.Append(CultureInfo.InvariantCulture, $"{shown}:{number}: {line}\n");
                    }
                }
            }
        }

        if (found == 0)
        {
            return string.IsNullOrEmpty(content)
                ? $"No files matching '{pattern}' below '{baseShown}'."
                : $"No files matching '{pattern}' and containing '{content}' below '{baseShown}'.";
        }

        if (found >= max_results)
        {
            results.Append(CultureInfo.InvariantCulture, $"(stopped after {max_results} files; narrow the pattern or raise max_results to see more)\n");
        }
        else if (scanned >= MaxScannedEntries)
        {
            results.Append(CultureInfo.InvariantCulture, $"(stopped after looking at {MaxScannedEntries} entries; search a smaller folder to see more)\n");
        }

        return results.ToString();
    }

    public string GetFileInfo(
        [Description("The file or folder, relative to the root.")] string path)
    {
        var full = _sandbox.Resolve(path);
        var shown = _sandbox.ToRelative(full);
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        if (!info.Exists)
        {
            throw new McpException($"'{shown}' does not exist.");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"path: {shown}\n");
        if (info is FileInfo file)
        {
            text.Append("type: file\n");
            text.Append(CultureInfo.InvariantCulture, $"size: {FormatSize(file.Length)} ({file.Length} bytes)\n");
        }
        else
        {
            var count = Guard(shown, () => ((DirectoryInfo)info).EnumerateFileSystemInfos().Take(MaxListedEntries + 1).Count());
            text.Append("type: folder\n");
            text.Append(CultureInfo.InvariantCulture, $"entries: {(count > MaxListedEntries ? $"more than {MaxListedEntries}" : count.ToString(CultureInfo.InvariantCulture))}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"modified: {info.LastWriteTimeUtc:yyyy-MM-ddTHH:mm:ssZ}\n");
        text.Append(CultureInfo.InvariantCulture, $"created: {info.CreationTimeUtc:yyyy-MM-ddTHH:mm:ssZ}\n");
        text.Append(CultureInfo.InvariantCulture, $"writable: {(_readOnly ? "no (read-only folder)" : "yes")}\n");
        return text.ToString();
    }

    private async Task<List<(int Number, string Line)>> FindLinesAsync(FileInfo file, string needle, CancellationToken cancellationToken)
    {
        var matches = new List<(int, string)>();
        if (file.Length > _maxFileBytes)
        {
            return matches;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return matches;
        }

        if (!TryDecode(bytes, out var text))
        {
            return matches;
        }

        var number = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            number++;
            if (line.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                var trimmed = line.Trim();
                matches.Add((number, trimmed.Length > 200 ? string.Concat(trimmed[..200], "…") : trimmed.ToString()));
                if (matches.Count == MaxLinesPerFile)
                {
                    break;
                }
            }
        }

        return matches;
    }

    private FileInfo RequireFile(string full, string shown)
    {
        if (Directory.Exists(full))
        {
            throw new McpException($"'{shown}' is a folder, not a file. Use list_directory to see what it contains.");
        }

        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new McpException($"The file '{shown}' does not exist. Use list_directory or search_files to find it.");
        }

        return info;
    }

    private static bool TryDecode(byte[] bytes, out string text)
    {
        text = string.Empty;
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return false;
        }

        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                span = span[3..];
            }

            text = s_strictUtf8.GetString(span);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private T Guard<T>(string shown, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Translate(ex, shown);
        }
    }

    private async Task<T> GuardAsync<T>(string shown, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Translate(ex, shown);
        }
    }

    private McpException Translate(Exception ex, string shown) => ex switch
    {
        UnauthorizedAccessException => new McpException($"Permission denied for '{shown}'."),
        FileNotFoundException or DirectoryNotFoundException => new McpException($"'{shown}' does not exist."),
        _ => new McpException($"Could not access '{shown}': {_sandbox.Scrub(ex.Message)}"),
    };

    internal static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
