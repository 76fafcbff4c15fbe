using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Turns the failures of a generated options validator into failures that name configuration keys. Given the section's
/// key as the options name, the generator writes a setting as <c>&lt;section&gt;.&lt;setting&gt;</c>; configuration
/// writes it <c>&lt;section&gt;:&lt;setting&gt;</c>, which is what a user searches their settings for.
/// </summary>
internal static class ConfigurationKeys
{
    public static ValidateOptionsResult Name(ValidateOptionsResult result, string section) =>
        result is { Failed: true, Failures: { } failures }
            ? ValidateOptionsResult.Fail([.. Name(failures, section)])
            : result;

    public static IEnumerable<string> Name(IEnumerable<string> failures, string section) =>
        failures.Select(failure => failure.Replace($"{section}.", $"{section}:", StringComparison.Ordinal));
}
