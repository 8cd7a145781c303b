namespace McpBridge.Server.Dashboard;

/// <summary>The dashboard's authentication scheme and policy names.</summary>
internal static class DashboardSchemes
{
    /// <summary>The session cookie every dashboard page and form is authenticated with.</summary>
    public const string Cookie = "Dashboard";

    /// <summary>GitHub OAuth, registered only when a GitHub app is configured.</summary>
    public const string GitHub = "GitHub";

    /// <summary>A signed-in dashboard user.</summary>
    public const string SignedInPolicy = "DashboardSignedIn";

    /// <summary>A signed-in administrator of the installation.</summary>
    public const string AdminPolicy = "DashboardAdmin";

    public const string CookieName = "mcpb_session";

    /// <summary>The authentication property that carries a link request through the GitHub round trip.</summary>
    public const string LinkAccountItem = "link_account";

    /// <summary>The authentication property that carries why a GitHub sign-in was refused to the step that stops it.</summary>
    public const string SignInRefusalItem = "signin_refusal";
}
