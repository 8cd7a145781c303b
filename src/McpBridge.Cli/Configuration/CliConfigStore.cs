using System.Text.Json;
using McpBridge.Cli.Infrastructure;

namespace McpBridge.Cli.Configuration;

/// <summary>
/// Reads and writes <c>config.json</c>: in <c>$MCP_BRIDGE_CONFIG_DIR</c> when set, else
/// <c>%APPDATA%\mcp-bridge</c> on Windows, <c>$XDG_CONFIG_HOME/mcp-bridge</c>, or <c>~/.config/mcp-bridge</c>.
/// The file holds a secret, so on Unix it is created readable by its owner only (0600), in a 0700 folder.
/// </summary>
internal sealed class CliConfigStore
{
    public const string FileName = "config.json";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public CliConfigStore(ICliEnvironment environment)
    {
        FilePath = Path.Combine(ResolveDirectory(environment), FileName);
    }

    public string FilePath { get; }

    public async Task<CliConfig> LoadAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(FilePath, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return CliConfig.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliConfigException($"cannot read the config file {FilePath}: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return CliConfig.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(text, s_json) ?? CliConfig.Empty;
        }
        catch (JsonException ex)
        {
            throw new CliConfigException($"the config file {FilePath} is not valid JSON ({ex.Message}); fix it or delete it", ex);
        }
    }

    public async Task SaveAsync(CliConfig config, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        var temporary = FilePath + ".tmp";
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }

            // Write a private temporary file and rename it over the old one: a crash never leaves half a
            // file, and the key is never readable by others, not even for a moment. A temporary file left by a
            // crash is removed rather than reused: opening it would keep its mode (perhaps world-readable) and
            // follow it if it is a link, writing the key wherever it points.
            File.Delete(temporary);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            await using (var stream = new FileStream(temporary, options))
            {
                await JsonSerializer.SerializeAsync(stream, config, s_json, cancellationToken);
            }

            if (!OperatingSystem.IsWindows())
            {
                // The umask may have filtered UnixCreateMode; make it exactly owner read and write.
                File.SetUnixFileMode(temporary, OwnerOnlyFile);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CliConfigException($"cannot write the config file {FilePath}: {ex.Message}", ex);
        }
    }

    private static string ResolveDirectory(ICliEnvironment environment)
    {
        if (SettingText.NonEmpty(environment.GetVariable(EnvironmentVariables.ConfigDir)) is { } explicitDirectory)
        {
            return explicitDirectory;
        }

        if (OperatingSystem.IsWindows())
        {
            var appData = SettingText.NonEmpty(environment.GetVariable(EnvironmentVariables.AppData))
                ?? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            return Path.Combine(appData, "mcp-bridge");
        }

        if (SettingText.NonEmpty(environment.GetVariable(EnvironmentVariables.XdgConfigHome)) is { } xdg)
        {
            return Path.Combine(xdg, "mcp-bridge");
        }

        var home = SettingText.NonEmpty(environment.GetVariable(EnvironmentVariables.Home))
            ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "mcp-bridge");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the write already failed and that is the error worth reporting.
        }
    }
}
