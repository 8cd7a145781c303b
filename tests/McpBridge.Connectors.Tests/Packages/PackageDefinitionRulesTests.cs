using McpBridge.Connectors.Packages;

namespace McpBridge.Connectors.Tests.Packages;

public sealed class PackageDefinitionRulesTests
{
    private static PackageDefinition Valid() => new()
    {
        Id = "github-issues",
        Description = "Issues.",
        Command = "npx",
        Args = ["-y", "@scope/pkg@1.2.3", "--root={sandboxDirectory}"],
        Env = new Dictionary<string, PackageEnvVar>(StringComparer.Ordinal)
        {
            ["GITHUB_TOKEN"] = new() { Description = "A token.", Required = true, Secret = true },
        },
    };

    [Fact]
    public void Validate_AcceptsAWellFormedDefinition()
    {
        Assert.Empty(PackageDefinitionRules.Validate(Valid()));
    }

    [Fact]
    public void Validate_ReportsEveryProblem_UnderItsOwnField()
    {
        var definition = Valid();
        definition.Id = "Bad Id";
        definition.Description = " ";
        definition.Category = "";
        definition.Command = "npx -y @scope/pkg";
        definition.Args = ["ok", "{home}/x"];
        definition.MaxProcesses = 0;
        definition.Env["LD_PRELOAD"] = new() { Description = "A library." };
        definition.Env["HOME"] = new() { Description = "Home." };
        definition.Env["9LIVES"] = new();
        definition.Env["FIXED"] = new() { Value = "x", Required = true };

        var problems = PackageDefinitionRules.Validate(definition);

        Assert.Equal(
            ["args[1]", "category", "command", "description", "env.9LIVES", "env.FIXED", "env.HOME", "env.LD_PRELOAD", "id", "maxProcesses"],
            problems.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("must be one program ('npx'); give its arguments in args", Assert.Single(problems["command"]), StringComparison.Ordinal);
        Assert.Contains("unknown placeholder {home}", Assert.Single(problems["args[1]"]), StringComparison.Ordinal);
        Assert.Contains("changes what the program loads or runs", Assert.Single(problems["env.LD_PRELOAD"]), StringComparison.Ordinal);
        Assert.Contains("set by the bridge", Assert.Single(problems["env.HOME"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NODE_OPTIONS")]
    [InlineData("npm_config_registry")]
    [InlineData("PYTHONPATH")]
    [InlineData("DYLD_INSERT_LIBRARIES")]
    [InlineData("BASH_ENV")]
    public void Validate_RefusesCodeLoadingVariables_ForUsers_ButNotAsFixedValues(string variable)
    {
        var userSet = Valid();
        userSet.Env[variable] = new() { Description = "x" };
        var fixedByAdmin = Valid();
        fixedByAdmin.Env[variable] = new() { Value = "--max-old-space-size=256" };

        Assert.Contains($"env.{variable}", PackageDefinitionRules.Validate(userSet).Keys);
        Assert.Empty(PackageDefinitionRules.Validate(fixedByAdmin));
    }
}
