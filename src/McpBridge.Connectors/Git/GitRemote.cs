namespace McpBridge.Connectors.Git;

/// <summary>The repository a hosted git tool clones: a public https URL, without credentials.</summary>
internal static class GitRemote
{
    /// <summary>Checks a configured URL; the error, if any, is written for the tool's owner.</summary>
    public static bool TryParse(string text, out Uri? url, out string? error)
    {
        url = null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"'{text}' is not an absolute URL. Give the repository's https:// URL, e.g. https://github.com/owner/repo.git.";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            error = $"The repository URL must start with https:// ({uri.Scheme}:// is not allowed; file://, http:// and ssh are refused).";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = "The repository URL must not contain a user name or password: only public repositories can be cloned.";
            return false;
        }

        url = uri;
        error = null;
        return true;
    }
}
