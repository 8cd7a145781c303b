using System.Text;
using System.Text.RegularExpressions;

namespace McpBridge.Mcp.Composite;

/// <summary>Tells whether a URI could have been expanded from an RFC 6570 URI template (used to route resource reads).</summary>
internal sealed class UriTemplateMatcher
{
    private readonly Regex _regex;

    public UriTemplateMatcher(string template)
    {
        Template = template;
        var pattern = new StringBuilder("^");
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                pattern.Append(Regex.Escape(template[position..]));
                break;
            }

            pattern.Append(Regex.Escape(template[position..open]));
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                pattern.Append(Regex.Escape(template[open..]));
                break;
            }

            var expression = template[(open + 1)..close];
            // Each repeated group excludes its own separator, so a URI splits into groups one way only: an ambiguous
            // split backtracks exponentially on a URI that almost matches.
            pattern.Append(expression.Length == 0 ? string.Empty : expression[0] switch
            {
                '+' => "(.+?)",
                '#' => "(#.*)?",
                '/' => "((/[^/?#]*)*)",
                '.' => @"(\.[^/?#.]*)*",
                ';' => "(;[^/?#;]*)*",
                '?' => @"(\?[^#]*)?",
                '&' => "(&[^#]*)?",
                _ => "([^/?#]+)",
            });
            position = close + 1;
        }

        pattern.Append('$');
        _regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
    }

    public string Template { get; }

    public bool IsMatch(string uri)
    {
        try
        {
            return _regex.IsMatch(uri);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
