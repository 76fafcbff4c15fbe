using System.Reflection;

namespace ImageChat.Tests.Conventions;

/// <summary>Conventions of the shipped packages, checked over their public surface.</summary>
public sealed class PublicApiConventionTests
{
    private static readonly Assembly Abstractions = typeof(IImageChatClient).Assembly;
    private static readonly Assembly Engine = typeof(ImageChatBuilder).Assembly;
    private static readonly Assembly OpenAIProvider = typeof(OpenAIImageChatOptions).Assembly;
    private static readonly Assembly RedisStore = typeof(RedisConversationStoreOptions).Assembly;

    public static TheoryData<Type> PublicTypes() =>
        [.. Abstractions.GetExportedTypes().Concat(Engine.GetExportedTypes()).Concat(OpenAIProvider.GetExportedTypes()).Concat(RedisStore.GetExportedTypes())];

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Public_classes_are_sealed_or_static_unless_built_to_be_derived(Type type)
    {
        if (!type.IsClass || type.IsAbstract || type == typeof(ImageChatException))
        {
            return; // Interfaces, enums, records' structs, static classes (abstract sealed) and the exception base are fine.
        }

        Assert.True(type.IsSealed, $"{type} should be sealed.");
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Cancellation_tokens_come_last(Type type)
    {
        foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            ParameterInfo[] parameters = method.GetParameters();
            int index = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
            Assert.True(index < 0 || index == parameters.Length - 1, $"{type}.{method.Name} takes its CancellationToken before other parameters.");
        }
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Public_types_live_in_the_documented_namespaces(Type type) =>
        Assert.Contains(type.Namespace, new[] { "ImageChat", "Microsoft.Extensions.DependencyInjection" });

    [Fact]
    public void The_abstractions_depend_on_the_meai_abstractions_alone()
    {
        string[] references = [.. Abstractions.GetReferencedAssemblies().Select(a => a.Name!).Where(name => !IsFramework(name)).Order(StringComparer.Ordinal)];

        Assert.Equal(["Microsoft.Extensions.AI.Abstractions"], references);
    }

    [Fact]
    public void The_openai_provider_builds_on_the_abstractions_and_the_engine()
    {
        string[] references = [.. OpenAIProvider.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("ImageChat", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        Assert.Equal(["ImageChat", "ImageChat.Abstractions"], references);
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void Public_type_names_clash_with_nothing_in_meai_or_the_openai_sdk(Type type)
    {
        HashSet<string> taken =
        [
            .. typeof(Microsoft.Extensions.AI.IChatClient).Assembly.GetExportedTypes().Select(t => t.Name),
            .. typeof(Microsoft.Extensions.AI.ChatClientBuilder).Assembly.GetExportedTypes().Select(t => t.Name),
            .. typeof(global::OpenAI.OpenAIClient).Assembly.GetExportedTypes().Select(t => t.Name),
        ];

        Assert.DoesNotContain(type.Name, taken);
    }

    private static bool IsFramework(string name) => name is "System.Runtime" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);

    [Fact]
    public void The_abstractions_know_no_provider()
    {
        string[] references = [.. Abstractions.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.DoesNotContain(references, name => name.StartsWith("OpenAI", StringComparison.Ordinal) || name.Contains(".OpenAI", StringComparison.Ordinal));
    }

    [Fact]
    public void The_openai_provider_exposes_only_its_options_and_wiring()
    {
        Assert.Equal(
            [typeof(OpenAIImageChatBuilderExtensions), typeof(OpenAIImageChatOptions)],
            OpenAIProvider.GetExportedTypes().OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void The_redis_store_exposes_only_its_options_and_wiring_and_builds_on_the_abstractions_and_the_engine()
    {
        Assert.Equal(
            [typeof(RedisConversationStoreBuilderExtensions), typeof(RedisConversationStoreOptions)],
            RedisStore.GetExportedTypes().OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(
            ["ImageChat", "ImageChat.Abstractions"],
            RedisStore.GetReferencedAssemblies().Select(a => a.Name!).Where(name => name.StartsWith("ImageChat", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
