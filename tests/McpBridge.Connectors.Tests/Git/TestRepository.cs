using System.Diagnostics;
using System.Globalization;

namespace McpBridge.Connectors.Tests.Git;

/// <summary>A real git repository made with the git CLI in a test's temp folder, independent of the machine's git configuration.</summary>
internal sealed class TestRepository
{
    private int _clock;

    private TestRepository(string path) => Path = path;

    public string Path { get; }

    /// <summary>An empty repository on branch main, with an author configured.</summary>
    public static TestRepository Init(string path, bool bare = false)
    {
        Directory.CreateDirectory(path);
        var repository = new TestRepository(path);
        repository.Git(bare ? ["init", "--quiet", "--bare", "-b", "main"] : ["init", "--quiet", "-b", "main"]);
        if (!bare)
        {
            repository.Git("config", "user.name", "Test Author");
            repository.Git("config", "user.email", "author@example.com");
            repository.Git("config", "commit.gpgsign", "false");
        }

        return repository;
    }

    /// <summary>
    /// The shared fixture: on main, "Initial commit" (README.md, src/app.txt, docs/café notes.md, bin/data.bin) and
    /// "Add line three"; branch feature adds docs/guide.md; then README.md modified (unstaged), src/app.txt
    /// changed and staged, notes.txt untracked.
    /// </summary>
    public static TestRepository CreateSample(string path)
    {
        var repository = Init(path);
        repository.Write("README.md", "# Demo\n");
        repository.Write("src/app.txt", "line one\nline two\n");
        repository.Write("docs/café notes.md", "Notes with --verbose flags\n");
        repository.WriteBytes("bin/data.bin", [0x00, 0x01, 0x02, 0xFF, 0x00]);
        repository.Commit("Initial commit");
        repository.Write("src/app.txt", "line one\nline two\nline three\n");
        repository.Commit("Add line three");
        repository.Git("checkout", "--quiet", "-b", "feature");
        repository.Write("docs/guide.md", "The guide\n");
        repository.Commit("Add guide");
        repository.Git("checkout", "--quiet", "main");
        repository.Write("README.md", "# Demo\nunstaged edit\n");
        repository.Write("src/app.txt", "line one\nline two\nline three\nstaged line\n");
        repository.Git("add", "src/app.txt");
        repository.Write("notes.txt", "untracked\n");
        return repository;
    }

    public void Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void WriteBytes(string relative, byte[] content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    /// <summary>Stages everything and commits with a distinct, fixed date (commits sort the same on every run).</summary>
    public void Commit(string message, bool allowEmpty = false)
    {
        Git("add", "--all");
        _clock++;
        var date = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(_clock).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        Git(new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date }, allowEmpty ? ["commit", "--quiet", "--allow-empty", "-m", message] : ["commit", "--quiet", "-m", message]);
    }

    public string Git(params string[] arguments) => Git(new Dictionary<string, string>(), arguments);

    private string Git(Dictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {error}");
        return output.Result;
    }
}
