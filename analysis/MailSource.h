// Patches from mail: git format-patch files, a directory of them, an mbox holding a
// series or a whole list archive, or stdin. Mails are grouped into series (thread,
// version, total); cover letters "0/N" are attached to their series.
#pragma once

#include "analysis/Error.h"
#include "analysis/InputFile.h"
#include "analysis/Patch.h"

#include <string>
#include <string_view>

namespace provcheck {

// One file: a format-patch file, an mbox or a bare diff; one larger than `maxSize` bytes
// is an error.
Status readMailFile(const std::string &path, PatchSet &out,
                    size_t maxSize = kDefaultMaxInputSize);
// Every *.patch, *.diff, *.eml, *.mbox, *.mbx file of a directory, in name order,
// grouped together (a series written by git format-patch -o DIR). A file that cannot be
// read is skipped with its reason when others can.
Status readMailDirectory(const std::string &dir, PatchSet &out,
                         size_t maxSize = kDefaultMaxInputSize);
// Text already read, e.g. stdin ("<stdin>").
Status readMailText(std::string_view text, const std::string &name, PatchSet &out);

} // namespace provcheck
