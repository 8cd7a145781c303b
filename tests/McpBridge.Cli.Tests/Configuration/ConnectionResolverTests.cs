using McpBridge.Cli.Configuration;
using McpBridge.Cli.Infrastructure;
using McpBridge.Cli.Tests.Support;

namespace McpBridge.Cli.Tests.Configuration;

public sealed class ConnectionResolverTests
{
    private static readonly CliConfig s_file = new() { Server = "http://file-host:5000", ApiKey = "file-key" };

    [Fact]
    public void TryResolve_PrefersFlag_ThenEnvironment_ThenFile()
    {
        var environment = new TestEnvironment().Set(EnvironmentVariables.Server, "http://env-host:5000").Set(EnvironmentVariables.ApiKey, "env-key");

        Assert.True(ConnectionResolver.TryResolve("http://flag-host:5000", "flag-key", environment, s_file, out var flags, out _));
        Assert.True(ConnectionResolver.TryResolve(null, null, environment, s_file, out var env, out _));
        Assert.True(ConnectionResolver.TryResolve(null, null, new TestEnvironment(), s_file, out var file, out _));

        Assert.Equal(("http://flag-host:5000", SettingSource.CommandLine, "flag-key", SettingSource.CommandLine), (flags.ServerText, flags.ServerSource, flags.ApiKey, flags.ApiKeySource));
        Assert.Equal(("http://env-host:5000", SettingSource.Environment, "env-key", SettingSource.Environment), (env.ServerText, env.ServerSource, env.ApiKey, env.ApiKeySource));
        Assert.Equal(("http://file-host:5000", SettingSource.ConfigFile, "file-key", SettingSource.ConfigFile), (file.ServerText, file.ServerSource, file.ApiKey, file.ApiKeySource));
    }

    [Fact]
    public void TryResolve_UsesDefaultServer_WhenNothingIsSet()
    {
        Assert.True(ConnectionResolver.TryResolve(null, null, new TestEnvironment(), CliConfig.Empty, out var settings, out _));

        Assert.Equal("http://127.0.0.1:5000", settings.ServerText);
        Assert.Equal(SettingSource.Default, settings.ServerSource);
        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void TryResolve_DoesNotSendTheFileKeyToAnotherServer()
    {
        Assert.True(ConnectionResolver.TryResolve("https://elsewhere.example.com", null, new TestEnvironment(), s_file, out var settings, out _));

        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void TryResolve_UsesTheFileKey_WhenTheFlagNamesTheSameServerDifferently()
    {
        Assert.True(ConnectionResolver.TryResolve("HTTP://FILE-HOST:5000/", null, new TestEnvironment(), s_file, out var settings, out _));

        Assert.Equal("file-key", settings.ApiKey);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("http://")]
    [InlineData("not a url at all")]
    public void TryResolve_Fails_WhenTheEnvironmentServerIsNotAUrl(string value)
    {
        var environment = new TestEnvironment().Set(EnvironmentVariables.Server, value);

        Assert.False(ConnectionResolver.TryResolve(null, null, environment, CliConfig.Empty, out _, out var error));
        Assert.StartsWith(EnvironmentVariables.Server + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseServerUrl_AddsHttp_ToABareHostAndPort()
    {
        Assert.True(ConnectionResolver.TryParseServerUrl("localhost:5000", out var url, out _));

        Assert.Equal("http://localhost:5000/", url.AbsoluteUri);
    }
}
