using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace McpBridge.Connectors.Fetch;

/// <summary>
/// Turns a web page into Markdown a model reads well: headings, paragraphs, links (made absolute), lists,
/// code blocks, emphasis, quotes and tables, without scripts, styles, navigation and form controls.
/// It is deliberately small: the aim is readable text, not a faithful round trip.
/// </summary>
internal sealed partial class HtmlToMarkdown
{
    private static readonly HashSet<string> s_dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "nav", "noscript", "template", "svg", "iframe", "canvas", "object", "embed",
        "head", "button", "input", "select", "option", "textarea", "meta", "link", "dialog",
    };

    private static readonly HashSet<string> s_blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "ul",
    };

    /// <summary>
    /// Nesting deeper than this is flattened to its text: real pages stay far below it, and a page built to be
    /// deeper must not exhaust the stack of the process converting it.
    /// </summary>
    private const int MaxDepth = 64;

    private readonly Uri? _baseUri;
    private int _depth;

    private HtmlToMarkdown(Uri? baseUri) => _baseUri = baseUri;

    /// <summary>
    /// Converts <paramref name="html"/>; relative links and images are resolved against <paramref name="baseUri"/>.
    /// Parsing deeply nested markup costs time quadratic in the depth (the HTML algorithm scans the stack of open
    /// elements), so callers pass a token that bounds it.
    /// </summary>
    public static async Task<string> ConvertAsync(string html, Uri? baseUri, CancellationToken cancellationToken)
    {
        var document = await new HtmlParser().ParseDocumentAsync(html, cancellationToken);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var markdown = new HtmlToMarkdown(baseUri).Blocks(root, "\n\n");
        var title = Collapse(document.Title ?? string.Empty).Trim();
        if (title.Length > 0 && document.QuerySelector("h1") is null)
        {
            markdown = $"# {title}\n\n{markdown}";
        }

        return Tidy(markdown);
    }

    private string Blocks(INode container, string separator)
    {
        if (_depth >= MaxDepth)
        {
            return CleanInline(FlatText(container));
        }

        _depth++;
        try
        {
            return BlocksOf(container, separator);
        }
        finally
        {
            _depth--;
        }
    }

    private string BlocksOf(INode container, string separator)
    {
        var blocks = new List<string>();
        var inline = new StringBuilder();
        foreach (var child in container.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    inline.Append(Collapse(text.Data));
                    break;
                case IElement element when IsDropped(element):
                    break;
                case IElement element when s_blocks.Contains(element.LocalName):
                    Flush();
                    var block = Block(element);
                    if (!string.IsNullOrWhiteSpace(block))
                    {
                        blocks.Add(block);
                    }

                    break;
                case IElement element:
                    inline.Append(Inline(element));
                    break;
            }
        }

        Flush();
        return string.Join(separator, blocks);

        void Flush()
        {
            var paragraph = CleanInline(inline.ToString());
            if (paragraph.Length > 0)
            {
                blocks.Add(paragraph);
            }

            inline.Clear();
        }
    }

    private string Block(IElement element)
    {
        switch (element.LocalName)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                var heading = CleanInline(InlineChildren(element)).Replace('\n', ' ');
                return heading.Length == 0 ? string.Empty : $"{new string('#', element.LocalName[1] - '0')} {heading}";
            case "p" or "dt" or "summary" or "figcaption":
                var text = CleanInline(InlineChildren(element));
                return element.LocalName == "dt" && text.Length > 0 ? $"**{text}**" : text;
            case "ul" or "ol" or "menu":
                return List(element);
            case "pre":
                return Preformatted(element);
            case "blockquote":
                return Prefix(Blocks(element, "\n\n"), "> ", "> ");
            case "table":
                return Table(element);
            case "hr":
                return "---";
            case "li":
                // A list item outside a list: keep its content as a bullet anyway.
                return Prefix(Blocks(element, "\n"), "- ", "  ");
            default:
                return Blocks(element, "\n\n");
        }
    }

    private string List(IElement list)
    {
        var ordered = list.LocalName == "ol";
        var number = ordered && int.TryParse(list.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        var items = new List<string>();
        foreach (var item in list.Children)
        {
            if (item.LocalName != "li" || IsDropped(item))
            {
                continue;
            }

            var content = Blocks(item, "\n");
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            var marker = ordered ? $"{number++.ToString(CultureInfo.InvariantCulture)}. " : "- ";
            items.Add(Prefix(content, marker, new string(' ', marker.Length)));
        }

        return string.Join("\n", items);
    }

    private static string Preformatted(IElement pre)
    {
        var code = pre.TextContent.TrimEnd('\n', '\r');
        var language = (pre.QuerySelector("code")?.ClassList ?? pre.ClassList)
            .Select(c => c.StartsWith("language-", StringComparison.Ordinal) ? c[9..] : c.StartsWith("lang-", StringComparison.Ordinal) ? c[5..] : null)
            .FirstOrDefault(c => c is not null) ?? string.Empty;
        var fence = "```";
        while (code.Contains(fence, StringComparison.Ordinal))
        {
            fence += "`";
        }

        return $"{fence}{language}\n{code}\n{fence}";
    }

    private string Table(IElement table)
    {
        var rows = new List<List<string>>();
        foreach (var row in Rows(table))
        {
            var cells = row.Children
                .Where(c => c.LocalName is "td" or "th")
                .Select(c => CleanInline(InlineChildren(c)).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal))
                .ToList();
            if (cells.Count == 0)
            {
                continue;
            }

            rows.Add(cells);
        }

        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var columns = rows.Max(r => r.Count);
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Concat(Enumerable.Repeat(string.Empty, columns - rows[i].Count));
            text.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
            if (i == 0)
            {
                // Markdown tables need a header row; a table without <th> uses its first row as one.
                text.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", columns))).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static IEnumerable<IElement> Rows(IElement table)
    {
        foreach (var child in table.Children)
        {
            if (child.LocalName == "tr")
            {
                yield return child;
            }
            else if (child.LocalName is "thead" or "tbody" or "tfoot")
            {
                foreach (var row in child.Children.Where(r => r.LocalName == "tr"))
                {
                    yield return row;
                }
            }
        }
    }

    private string Inline(IElement element)
    {
        if (IsDropped(element))
        {
            return string.Empty;
        }

        switch (element.LocalName)
        {
            case "strong" or "b":
                return Wrap(InlineChildren(element), "**");
            case "em" or "i":
                return Wrap(InlineChildren(element), "*");
            case "del" or "s" or "strike":
                return Wrap(InlineChildren(element), "~~");
            case "code" or "kbd" or "samp" or "tt":
                var code = Collapse(element.TextContent);
                if (code.Trim().Length == 0)
                {
                    return code;
                }

                var ticks = code.Contains('`', StringComparison.Ordinal) ? "``" : "`";
                return $"{ticks}{code.Trim()}{ticks}";
            case "br":
                return "\n";
            case "img":
                var alt = Collapse(element.GetAttribute("alt") ?? string.Empty).Trim();
                var src = Absolute(element.GetAttribute("src"));
                return src is null ? alt : $"![{alt}]({src})";
            case "a":
                var label = InlineChildren(element);
                var href = element.GetAttribute("href");
                var target = href is null || href.StartsWith('#') ? null : Absolute(href);
                if (target is null || label.Trim().Length == 0)
                {
                    return label;
                }

                return $"{Leading(label)}[{label.Trim()}]({target}){Trailing(label)}";
            default:
                var inner = InlineChildren(element);

                // A block inside inline content (a <div> in a <span>) still separates words.
                return s_blocks.Contains(element.LocalName) ? $" {inner} " : inner;
        }
    }

    private string InlineChildren(INode node)
    {
        if (_depth >= MaxDepth)
        {
            return FlatText(node);
        }

        _depth++;
        try
        {
            return InlineChildrenOf(node);
        }
        finally
        {
            _depth--;
        }
    }

    private string InlineChildrenOf(INode node)
    {
        var text = new StringBuilder();
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(Collapse(t.Data));
            }
            else if (child is IElement e)
            {
                text.Append(Inline(e));
            }
        }

        return text.ToString();
    }

    /// <summary>The text below <paramref name="node"/>, whitespace collapsed, gathered without recursion.</summary>
    private static string FlatText(INode node)
    {
        var text = new StringBuilder();
        var pending = new Stack<INode>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is IText t)
            {
                text.Append(Collapse(t.Data));
                continue;
            }

            if (current is IElement e && (IsDropped(e) || (current != node && s_blocks.Contains(e.LocalName))))
            {
                // Keep words of adjacent blocks apart.
                text.Append(' ');
                if (IsDropped(e))
                {
                    continue;
                }
            }

            for (var i = current.ChildNodes.Length - 1; i >= 0; i--)
            {
                pending.Push(current.ChildNodes[i]);
            }
        }

        return text.ToString();
    }

    private static string Wrap(string inner, string marker) =>
        inner.Trim().Length == 0 ? inner : $"{Leading(inner)}{marker}{inner.Trim()}{marker}{Trailing(inner)}";

    private static string Leading(string text) => text.Length > 0 && char.IsWhiteSpace(text[0]) ? " " : string.Empty;

    private static string Trailing(string text) => text.Length > 0 && char.IsWhiteSpace(text[^1]) ? " " : string.Empty;

    private string? Absolute(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var uri = _baseUri is not null && Uri.TryCreate(_baseUri, reference.Trim(), out var resolved)
            ? resolved
            : Uri.TryCreate(reference.Trim(), UriKind.Absolute, out var absolute) ? absolute : null;
        if (uri is null)
        {
            return reference.Trim();
        }

        // javascript: and data: links mean nothing to a reader of text.
        return uri.Scheme is "http" or "https" or "mailto" or "ftp" ? uri.AbsoluteUri : null;
    }

    private static bool IsDropped(IElement element) =>
        s_dropped.Contains(element.LocalName) ||
        element.HasAttribute("hidden") ||
        string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase);

    private static string Prefix(string text, string first, string rest)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == 0)
            {
                lines[i] = first + lines[i];
            }
            else if (lines[i].Length > 0 || rest.Trim().Length > 0)
            {
                lines[i] = (rest + lines[i]).TrimEnd();
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>Collapses runs of whitespace (as a browser renders them) to one space.</summary>
    private static string Collapse(string text) => Whitespace().Replace(text, " ");

    /// <summary>Trims each line of a run of inline content and drops empty ones (a &lt;br&gt; starts a new line).</summary>
    private static string CleanInline(string text)
    {
        var lines = text.Split('\n')
            .Select(l => MultipleSpaces().Replace(l, " ").Trim())
            .Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static string Tidy(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
