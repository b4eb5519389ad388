using System.Runtime.InteropServices;
using System.Text;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// A NULL-terminated array of NUL-terminated UTF-8 strings in native memory (argv, envp), built
/// by hand so no marshaller is involved. Dispose frees every string and the array.
/// </summary>
internal sealed unsafe class Utf8StringArray : IDisposable
{
    private byte** _array;
    private readonly int _count;

    public Utf8StringArray(IReadOnlyList<string> strings)
    {
        _count = strings.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        try
        {
            for (var i = 0; i < _count; i++)
            {
                _array[i] = ToUtf8(strings[i]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public byte** Pointer => _array != null ? _array : throw new ObjectDisposedException(nameof(Utf8StringArray));

    public byte* this[int index] => (uint)index < (uint)_count ? Pointer[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Dispose()
    {
        if (_array == null)
        {
            return;
        }

        for (var i = 0; i < _count; i++)
        {
            NativeMemory.Free(_array[i]);
        }

        NativeMemory.Free(_array);
        _array = null;
    }

    private static byte* ToUtf8(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A string passed to a native call contains a NUL character: {text.Replace('\0', '?')}");
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, length));
        bytes[length] = 0;
        return bytes;
    }
}
