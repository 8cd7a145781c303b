using McpBridge.Connectors.Tests.Harness;

namespace McpBridge.Connectors.Tests.Git;

/// <summary>
/// One https git server for the hosted clone tests, serving <c>repo.git</c>: 60 commits on main, a <c>release</c>
/// branch with RELEASE.md, and a <c>big</c> branch with a 2 MiB random file. Read-only, so tests share it.
/// </summary>
public sealed class GitServerFixture : IAsyncLifetime
{
    public const int Commits = 60;

    private readonly TempDirectory _temp = new();

    internal LocalHttpsGitServer Server { get; private set; } = null!;

    /// <summary>The served bare repository's folder.</summary>
    public string RepositoryPath => _temp.Combine("served", "repo.git");

    public async Task InitializeAsync()
    {
        var work = TestRepository.Init(_temp.Combine("work"));
        work.Write("README.md", "# Served\n");
        work.Write("src/app.txt", "served content\n");
        work.Commit("First");
        for (var i = 2; i <= Commits; i++)
        {
            work.Commit($"Commit {i}", allowEmpty: true);
        }

        work.Git("checkout", "--quiet", "-b", "release");
        work.Write("RELEASE.md", "release notes\n");
        work.Commit("Release notes");
        work.Git("checkout", "--quiet", "main");
        work.Git("checkout", "--quiet", "-b", "big");
        work.WriteBytes("big.bin", System.Security.Cryptography.RandomNumberGenerator.GetBytes(2 * 1024 * 1024));
        work.Commit("A large random file");
        work.Git("checkout", "--quiet", "main");

        var projects = _temp.Combine("served");
        Directory.CreateDirectory(projects);
        work.Git("clone", "--quiet", "--bare", "--no-local", work.Path, Path.Combine(projects, "repo.git"));
        Server = await LocalHttpsGitServer.StartAsync(projects, _temp.Path);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }
}
