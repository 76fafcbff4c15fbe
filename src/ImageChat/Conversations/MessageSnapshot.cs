using System.Collections;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The request messages of a <see cref="ModelCall"/>: deep copies of what was sent, made the first time they are read.
/// A request holds the conversation's own history objects, and copying them for every call would cost every turn;
/// most callers never read them, and those who do get copies they may change freely.
/// </summary>
internal sealed class MessageSnapshot(ChatMessage[] sent) : IReadOnlyList<ChatMessage>
{
    private ChatMessage[]? _copies;

    public int Count => sent.Length;

    private ChatMessage[] Copies
    {
        get
        {
            ChatMessage[]? copies = Volatile.Read(ref _copies);
            if (copies is null)
            {
                copies = MessageCopies.DeepCopy(sent);
                copies = Interlocked.CompareExchange(ref _copies, copies, null) ?? copies;
            }

            return copies;
        }
    }

    public ChatMessage this[int index] => Copies[index];

    public IEnumerator<ChatMessage> GetEnumerator() => ((IEnumerable<ChatMessage>)Copies).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
