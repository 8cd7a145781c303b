using System.CommandLine;
using System.Globalization;

namespace McpBridge.Cli.Infrastructure;

/// <summary>Range checks for numeric options that leave a value that is not a number to the parser's own error.</summary>
internal static class RangeValidation
{
    public static TOption InRange<TOption>(this TOption option, long min, long max)
        where TOption : Option
    {
        option.Validators.Add(result =>
        {
            // The validator also runs when the token did not convert; the parser reports that one itself.
            if (result.Tokens.Count == 1
                && long.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError(max == long.MaxValue
                    ? $"{option.Name} must be {min} or more."
                    : $"{option.Name} must be between {min} and {max}.");
            }
        });
        return option;
    }
}
