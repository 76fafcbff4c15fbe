using System.Collections;
using ImageChat.Samples.Demo;
using Microsoft.Extensions.Configuration;

namespace ImageChat.ConsoleSample;

/// <summary>
/// The sample's configuration: <c>appsettings.json</c>, then the environment. <c>OPENAI_API_KEY</c> and
/// <c>OPENAI_BASE_URL</c> (the names the OpenAI tools use) map to <c>ImageChat:OpenAI:ApiKey</c> and
/// <c>ImageChat:OpenAI:Endpoint</c>; any <c>ImageChat__…</c> or <c>Sample__…</c> variable sets the key it names.
/// </summary>
public static class SampleConfiguration
{
    /// <summary>The key of the folder the sample writes its call logs to; default <c>call-logs</c>.</summary>
    public const string CallLogDirectoryKey = "Sample:CallLogDirectory";

    /// <summary>Builds the configuration from a folder's <c>appsettings.json</c> (optional) and environment variables.</summary>
    /// <param name="baseDirectory">The folder holding <c>appsettings.json</c>.</param>
    /// <param name="environment">The environment variables, as <see cref="Environment.GetEnvironmentVariables()"/> returns them.</param>
    public static IConfiguration Build(string baseDirectory, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        Dictionary<string, string?> fromEnvironment = new(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in environment)
        {
            string name = (string)variable.Key;
            string? value = variable.Value as string;
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (name == "OPENAI_API_KEY")
            {
                fromEnvironment.TryAdd($"{SampleModels.OpenAISection}:ApiKey", value);
            }
            else if (name == "OPENAI_BASE_URL")
            {
                fromEnvironment.TryAdd($"{SampleModels.OpenAISection}:Endpoint", value);
            }
            else if (name.StartsWith(ImageChatDefaults.ConfigurationSectionName + "__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("Sample__", StringComparison.OrdinalIgnoreCase))
            {
                fromEnvironment[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }

        return new ConfigurationBuilder()
            .SetBasePath(baseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddInMemoryCollection(fromEnvironment)
            .Build();
    }
}
