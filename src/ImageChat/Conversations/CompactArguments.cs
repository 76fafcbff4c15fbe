using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ImageChat;

/// <summary>
/// A tool call's arguments as the history keeps them: a few pairs in one array, found by ordinal key. A
/// <see cref="Dictionary{TKey, TValue}"/> of one argument (an image's description) costs three objects and about 210
/// bytes; this costs two and about 60, for every tool call of every live conversation.
/// </summary>
/// <remarks>
/// The history hands out deep copies as plain dictionaries (<see cref="MessageCopies"/>); this type is only ever read
/// inside ImageChat and by serializers, through <see cref="IDictionary{TKey, TValue}"/>. It supports changes all the
/// same, since that interface promises them.
/// </remarks>
internal sealed class CompactArguments : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>
{
    private KeyValuePair<string, object?>[] _pairs;
    private int _count;

    public CompactArguments(IDictionary<string, object?> arguments)
    {
        _pairs = new KeyValuePair<string, object?>[arguments.Count];
        foreach (KeyValuePair<string, object?> pair in arguments)
        {
            _pairs[_count++] = new(MessageCopies.SharedName(pair.Key), pair.Value);
        }
    }

    public int Count => _count;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => [.. Pairs.Select(p => p.Key)];

    public ICollection<object?> Values => [.. Pairs.Select(p => p.Value)];

    IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Keys;

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;

    private ArraySegment<KeyValuePair<string, object?>> Pairs => new(_pairs, 0, _count);

    public object? this[string key]
    {
        get => TryGetValue(key, out object? value) ? value : throw new KeyNotFoundException($"The tool call has no argument '{key}'.");
        set
        {
            int index = IndexOf(key);
            if (index >= 0)
            {
                _pairs[index] = new(key, value);
            }
            else
            {
                Append(new(key, value));
            }
        }
    }

    public void Add(string key, object? value)
    {
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"The tool call already has an argument '{key}'.", nameof(key));
        }

        Append(new(key, value));
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool Contains(KeyValuePair<string, object?> item) =>
        IndexOf(item.Key) is var index and >= 0 && EqualityComparer<object?>.Default.Equals(_pairs[index].Value, item.Value);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int index = IndexOf(key);
        value = index >= 0 ? _pairs[index].Value : null;
        return index >= 0;
    }

    public bool Remove(string key)
    {
        int index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        Array.Copy(_pairs, index + 1, _pairs, index, _count - index - 1);
        _pairs[--_count] = default;
        return true;
    }

    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Remove(item.Key);

    public void Clear()
    {
        Array.Clear(_pairs);
        _count = 0;
    }

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => Array.Copy(_pairs, 0, array, arrayIndex, _count);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (int i = 0; i < _count; i++)
        {
            if (string.Equals(_pairs[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(KeyValuePair<string, object?> pair)
    {
        if (_count == _pairs.Length)
        {
            Array.Resize(ref _pairs, Math.Max(4, _count * 2));
        }

        _pairs[_count++] = pair;
    }
}
