using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>Writes a compiled module as a .mpy file, version 6 (upstream's persistentcode.c save path).</summary>
internal static class MpyWriter
{
    private const byte ObjNone = 1;
    private const byte ObjFalse = 2;
    private const byte ObjTrue = 3;
    private const byte ObjEllipsis = 4;
    private const byte ObjStr = 5;
    private const byte ObjBytes = 6;
    private const byte ObjInt = 7;
    private const byte ObjFloat = 8;
    private const byte ObjComplex = 9;
    private const byte ObjTuple = 10;

    public static byte[] Write(ModuleConstants module, RawCode root, int smallIntBits)
    {
        var output = new List<byte> { (byte)'M', 6, 0, (byte)smallIntBits };
        BytecodeEmitter.EncodeUint(output, (uint)module.Qstrs.Count);
        BytecodeEmitter.EncodeUint(output, (uint)module.Objects.Count);
        foreach (var q in module.Qstrs)
        {
            var staticIndex = StaticQstrs.IndexOf(q);
            if (staticIndex > 0)
            {
                BytecodeEmitter.EncodeUint(output, (uint)((staticIndex << 1) | 1));
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(q);
            BytecodeEmitter.EncodeUint(output, (uint)(bytes.Length << 1));
            output.AddRange(bytes);
            output.Add(0);
        }

        foreach (var o in module.Objects)
        {
            WriteObject(output, o);
        }

        WriteRawCode(output, root);
        return output.ToArray();
    }

    private static void WriteObject(List<byte> output, object o)
    {
        switch (o)
        {
            case string s:
            {
                var bytes = Encoding.UTF8.GetBytes(s);
                output.Add(ObjStr);
                BytecodeEmitter.EncodeUint(output, (uint)bytes.Length);
                output.AddRange(bytes);
                output.Add(0);
                break;
            }

            case PyBytes b:
                output.Add(ObjBytes);
                BytecodeEmitter.EncodeUint(output, (uint)b.Data.Length);
                output.AddRange(b.Data);
                output.Add(0);
                break;
            case PyTuple t:
                output.Add(ObjTuple);
                BytecodeEmitter.EncodeUint(output, (uint)t.Items.Length);
                foreach (var item in t.Items)
                {
                    WriteObject(output, item);
                }

                break;
            case bool bv:
                output.Add(bv ? ObjTrue : ObjFalse);
                break;
            default:
                if (ReferenceEquals(o, PyConstant.None))
                {
                    output.Add(ObjNone);
                    break;
                }

                if (ReferenceEquals(o, PyConstant.Ellipsis))
                {
                    output.Add(ObjEllipsis);
                    break;
                }

                var text = Encoding.ASCII.GetBytes(PyConstant.Repr(o));
                output.Add(o is double ? ObjFloat : o is PyComplex ? ObjComplex : ObjInt);
                BytecodeEmitter.EncodeUint(output, (uint)text.Length);
                output.AddRange(text);
                break;
        }
    }

    private static void WriteRawCode(List<byte> output, RawCode rc)
    {
        BytecodeEmitter.EncodeUint(output, (uint)((rc.Code.Length << 3) | (rc.Children.Count != 0 ? 4 : 0)));
        output.AddRange(rc.Code);
        if (rc.Children.Count != 0)
        {
            BytecodeEmitter.EncodeUint(output, (uint)rc.Children.Count);
            foreach (var child in rc.Children)
            {
                WriteRawCode(output, child);
            }
        }
    }
}
