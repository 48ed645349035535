using System.Globalization;
using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Reads a bytecode .mpy (version 6) into its parts, for tests and debugging: the qstr table, the constant objects,
/// and the raw-code tree with each raw code's bytes. Used to say where two .mpy files first differ.
/// </summary>
internal sealed class MpyFileReader
{
    private readonly byte[] _data;
    private int _pos;

    private MpyFileReader(byte[] data) => _data = data;

    public List<string> Qstrs { get; } = new();

    public List<string> Objects { get; } = new();

    public MpyRawCodeView Root { get; private set; } = null!;

    public static MpyFileReader Read(byte[] data)
    {
        var r = new MpyFileReader(data);
        r.Parse();
        return r;
    }

    /// <summary>Describes the first difference between two .mpy files, or returns null when they are equal.</summary>
    public static string? DescribeFirstDifference(byte[] actual, byte[] expected)
    {
        if (actual.AsSpan().SequenceEqual(expected))
        {
            return null;
        }

        MpyFileReader a, e;
        try
        {
            a = Read(actual);
            e = Read(expected);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException)
        {
            return "the files differ and one could not be read: " + ex.Message;
        }

        for (var i = 0; i < Math.Max(a.Qstrs.Count, e.Qstrs.Count); i++)
        {
            var x = i < a.Qstrs.Count ? a.Qstrs[i] : "(none)";
            var y = i < e.Qstrs.Count ? e.Qstrs[i] : "(none)";
            if (x != y)
            {
                return $"qstr table entry {i}: ours {x}, upstream {y}";
            }
        }

        for (var i = 0; i < Math.Max(a.Objects.Count, e.Objects.Count); i++)
        {
            var x = i < a.Objects.Count ? a.Objects[i] : "(none)";
            var y = i < e.Objects.Count ? e.Objects[i] : "(none)";
            if (x != y)
            {
                return $"constant object {i}: ours {x}, upstream {y}";
            }
        }

        return CompareRawCode(a.Root, e.Root, "<module>") ?? "the files differ outside the tables and raw code";
    }

    private static string? CompareRawCode(MpyRawCodeView a, MpyRawCodeView e, string path)
    {
        var n = Math.Min(a.Code.Length, e.Code.Length);
        for (var i = 0; i < n; i++)
        {
            if (a.Code[i] != e.Code[i])
            {
                return $"raw code {path}, offset {i}: ours 0x{a.Code[i]:x2}, upstream 0x{e.Code[i]:x2} (ours {Hex(a.Code, i)}; upstream {Hex(e.Code, i)})";
            }
        }

        if (a.Code.Length != e.Code.Length)
        {
            return $"raw code {path}: length ours {a.Code.Length}, upstream {e.Code.Length}";
        }

        if (a.Children.Count != e.Children.Count)
        {
            return $"raw code {path}: children ours {a.Children.Count}, upstream {e.Children.Count}";
        }

        for (var i = 0; i < a.Children.Count; i++)
        {
            var d = CompareRawCode(a.Children[i], e.Children[i], path + "/" + i.ToString(CultureInfo.InvariantCulture));
            if (d != null)
            {
                return d;
            }
        }

        return null;
    }

    private static string Hex(byte[] code, int at)
    {
        var sb = new StringBuilder();
        for (var i = Math.Max(0, at - 4); i < Math.Min(code.Length, at + 8); i++)
        {
            sb.Append(i == at ? "[" : string.Empty).Append(code[i].ToString("x2", CultureInfo.InvariantCulture)).Append(i == at ? "] " : " ");
        }

        return sb.ToString().TrimEnd();
    }

    private uint ReadUint()
    {
        uint v = 0;
        while (true)
        {
            var c = _data[_pos++];
            v = (v << 7) | (uint)(c & 0x7f);
            if ((c & 0x80) == 0)
            {
                return v;
            }
        }
    }

    private void Parse()
    {
        if (_data.Length < 4 || _data[0] != (byte)'M' || _data[1] != 6)
        {
            throw new InvalidDataException("not a version 6 .mpy file");
        }

        _pos = 4;
        var nQstr = ReadUint();
        var nObj = ReadUint();
        for (var i = 0; i < nQstr; i++)
        {
            var v = ReadUint();
            if ((v & 1) != 0)
            {
                Qstrs.Add("#" + (v >> 1).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                var len = (int)(v >> 1);
                Qstrs.Add(Encoding.UTF8.GetString(_data, _pos, len));
                _pos += len + 1;
            }
        }

        for (var i = 0; i < nObj; i++)
        {
            Objects.Add(ReadObject());
        }

        Root = ReadRawCode();
    }

    private string ReadObject()
    {
        var type = _data[_pos++];
        switch (type)
        {
            case 1: return "None";
            case 2: return "False";
            case 3: return "True";
            case 4: return "...";
            case 5:
            case 6:
            {
                var len = (int)ReadUint();
                var s = (type == 6 ? "b" : string.Empty) + "'" + Encoding.UTF8.GetString(_data, _pos, len) + "'";
                _pos += len + 1;
                return s;
            }

            case 7:
            case 8:
            case 9:
            {
                var len = (int)ReadUint();
                var s = Encoding.ASCII.GetString(_data, _pos, len);
                _pos += len;
                return s;
            }

            case 10:
            {
                var len = (int)ReadUint();
                var items = new List<string>();
                for (var i = 0; i < len; i++)
                {
                    items.Add(ReadObject());
                }

                return "(" + string.Join(", ", items) + ")";
            }

            default:
                throw new InvalidDataException("unknown constant type " + type);
        }
    }

    private MpyRawCodeView ReadRawCode()
    {
        var header = ReadUint();
        var len = (int)(header >> 3);
        var code = new byte[len];
        Array.Copy(_data, _pos, code, 0, len);
        _pos += len;
        var view = new MpyRawCodeView(code);
        if ((header & 4) != 0)
        {
            var n = ReadUint();
            for (var i = 0; i < n; i++)
            {
                view.Children.Add(ReadRawCode());
            }
        }

        return view;
    }
}
