namespace ImageChat.Benchmarks;

/// <summary>Reads a job's <c>--name value</c> pairs; an unknown name is reported with the job's usage.</summary>
internal static class JobArguments
{
    /// <summary>Hands each pair's value to the option of its name.</summary>
    /// <param name="args">The job's arguments, after its name.</param>
    /// <param name="usage">What the job accepts, for the message about an unknown option.</param>
    /// <param name="options">The job's options by name, each with what to do with its value.</param>
    /// <returns><see langword="true"/> when every pair named an option.</returns>
    public static bool TryApply(string[] args, string usage, params (string Name, Action<string> Apply)[] options)
    {
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            Action<string>? apply = Array.Find(options, o => o.Name == args[i]).Apply;
            if (apply is null)
            {
                Console.Error.WriteLine($"Unknown option '{args[i]}' (use {usage}).");
                return false;
            }

            apply(args[i + 1]);
        }

        return true;
    }
}
