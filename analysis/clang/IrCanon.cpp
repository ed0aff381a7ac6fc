#include "analysis/clang/IrCanon.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Operator.h>
#include <llvm/Support/raw_ostream.h>

#include <map>

namespace provcheck::clangmap {
namespace {

constexpr int kMaxDepth = 12; // nested constants written out

class Writer {
public:
  explicit Writer(const llvm::Function *current) : current_(current) {}

  std::string unsupported;

  void type(std::string &o, const llvm::Type *t, int depth = 0) {
    using llvm::Type;
    if (depth > kMaxDepth) {
      o += "...";
      return;
    }
    switch (t->getTypeID()) {
    case Type::VoidTyID: o += "void"; return;
    case Type::HalfTyID: o += "half"; return;
    case Type::BFloatTyID: o += "bfloat"; return;
    case Type::FloatTyID: o += "float"; return;
    case Type::DoubleTyID: o += "double"; return;
    case Type::X86_FP80TyID: o += "x86_fp80"; return;
    case Type::FP128TyID: o += "fp128"; return;
    case Type::PPC_FP128TyID: o += "ppc_fp128"; return;
    case Type::LabelTyID: o += "label"; return;
    case Type::MetadataTyID: o += "metadata"; return;
    case Type::X86_MMXTyID: o += "x86_mmx"; return;
    case Type::X86_AMXTyID: o += "x86_amx"; return;
    case Type::TokenTyID: o += "token"; return;
    case Type::IntegerTyID: o += "i" + std::to_string(t->getIntegerBitWidth()); return;
    case Type::PointerTyID:
      o += "ptr";
      if (unsigned as = t->getPointerAddressSpace()) o += " as" + std::to_string(as);
      return;
    case Type::FunctionTyID: {
      auto *ft = llvm::cast<llvm::FunctionType>(t);
      o += "fn(";
      type(o, ft->getReturnType(), depth + 1);
      for (const llvm::Type *p : ft->params()) {
        o += ",";
        type(o, p, depth + 1);
      }
      if (ft->isVarArg()) o += ",...";
      o += ")";
      return;
    }
    case Type::StructTyID: {
      auto *st = llvm::cast<llvm::StructType>(t);
      if (st->isOpaque()) {
        o += "opaque";
        return;
      }
      o += st->isPacked() ? "<{" : "{";
      bool first = true;
      for (const llvm::Type *e : st->elements()) {
        if (!first) o += ",";
        first = false;
        type(o, e, depth + 1);
      }
      o += st->isPacked() ? "}>" : "}";
      return;
    }
    case Type::ArrayTyID:
      o += "[" + std::to_string(t->getArrayNumElements()) + " x ";
      type(o, t->getArrayElementType(), depth + 1);
      o += "]";
      return;
    case Type::FixedVectorTyID:
    case Type::ScalableVectorTyID: {
      auto *vt = llvm::cast<llvm::VectorType>(t);
      o += t->getTypeID() == Type::ScalableVectorTyID ? "<vscale " : "<";
      o += std::to_string(vt->getElementCount().getKnownMinValue()) + " x ";
      type(o, vt->getElementType(), depth + 1);
      o += ">";
      return;
    }
    default: {
      std::string s;
      llvm::raw_string_ostream os(s);
      t->print(os);
      o += "type(" + os.str() + ")";
      return;
    }
    }
  }

  void symbol(std::string &o, const llvm::GlobalValue *g) {
    o += '\x01';
    o += g->getName().str();
    o += '\x02';
  }

  // A constant without identity of its own in the source: a string literal, a compound
  // literal, an anonymous table. Written by content.
  static bool anonymous(const llvm::GlobalVariable *g) {
    return g->hasPrivateLinkage() && g->hasGlobalUnnamedAddr() && g->isConstant() &&
           g->hasInitializer();
  }

  void constant(std::string &o, const llvm::Constant *c, int depth) {
    if (depth > kMaxDepth) {
      o += "...";
      return;
    }
    if (auto *g = llvm::dyn_cast<llvm::GlobalVariable>(c)) {
      llvm::StringRef name = g->getName();
      if (anonymous(g)) {
        // __func__ and friends hold their function's name: written as a reference to it,
        // so that a proven rename applies to them too.
        for (llvm::StringRef prefix : {"__func__.", "__FUNCTION__.", "__PRETTY_FUNCTION__."})
          if (name.startswith(prefix)) {
            auto *data = llvm::dyn_cast<llvm::ConstantDataSequential>(g->getInitializer());
            llvm::StringRef fn = name.drop_front(prefix.size());
            if (data && data->isCString() && data->getAsCString() == fn) {
              o += "funcname(\x01" + fn.str() + "\x02)";
              return;
            }
          }
        o += "const(";
        type(o, g->getValueType(), depth);
        o += ":";
        constant(o, g->getInitializer(), depth + 1);
        o += g->getAlign() ? ",align " + std::to_string(g->getAlign()->value()) : "";
        o += ")";
        return;
      }
      // A static local of the function being written: its initial value is part of it.
      if (current_ && g->hasLocalLinkage() && g->hasInitializer() &&
          name.startswith(current_->getName().str() + ".")) {
        o += "static(";
        symbol(o, g);
        o += g->isConstant() ? " const " : " ";
        type(o, g->getValueType(), depth);
        o += "=";
        constant(o, g->getInitializer(), depth + 1);
        o += ")";
        return;
      }
      symbol(o, g);
      return;
    }
    if (auto *g = llvm::dyn_cast<llvm::GlobalValue>(c)) {
      symbol(o, g);
      return;
    }
    type(o, c->getType(), depth);
    o += " ";
    if (auto *ci = llvm::dyn_cast<llvm::ConstantInt>(c)) {
      llvm::SmallString<32> s;
      ci->getValue().toString(s, 10, /*Signed=*/false);
      o += s.str();
    } else if (auto *cf = llvm::dyn_cast<llvm::ConstantFP>(c)) {
      llvm::SmallString<32> s;
      cf->getValueAPF().bitcastToAPInt().toString(s, 16, false);
      o += "0x" + s.str().str();
    } else if (llvm::isa<llvm::ConstantPointerNull>(c)) {
      o += "null";
    } else if (llvm::isa<llvm::PoisonValue>(c)) {
      o += "poison";
    } else if (llvm::isa<llvm::UndefValue>(c)) {
      o += "undef";
    } else if (llvm::isa<llvm::ConstantAggregateZero>(c)) {
      o += "zero";
    } else if (llvm::isa<llvm::ConstantTokenNone>(c)) {
      o += "none";
    } else if (auto *ds = llvm::dyn_cast<llvm::ConstantDataSequential>(c)) {
      llvm::StringRef raw = ds->getRawDataValues();
      o += "data(";
      static const char hex[] = "0123456789abcdef";
      for (unsigned char b : raw) {
        o += hex[b >> 4];
        o += hex[b & 15];
      }
      o += ")";
    } else if (llvm::isa<llvm::ConstantArray, llvm::ConstantStruct, llvm::ConstantVector>(c)) {
      o += "[";
      for (unsigned i = 0; i < c->getNumOperands(); ++i) {
        if (i) o += ",";
        constant(o, llvm::cast<llvm::Constant>(c->getOperand(i)), depth + 1);
      }
      o += "]";
    } else if (auto *ce = llvm::dyn_cast<llvm::ConstantExpr>(c)) {
      o += ce->getOpcodeName();
      if (ce->isCompare()) o += " pred" + std::to_string(ce->getPredicate());
      if (auto *gep = llvm::dyn_cast<llvm::GEPOperator>(ce)) {
        o += gep->isInBounds() ? " inbounds " : " ";
        type(o, gep->getSourceElementType(), depth + 1);
      }
      o += "(";
      for (unsigned i = 0; i < ce->getNumOperands(); ++i) {
        if (i) o += ",";
        constant(o, llvm::cast<llvm::Constant>(ce->getOperand(i)), depth + 1);
      }
      o += ")";
    } else if (auto *ba = llvm::dyn_cast<llvm::BlockAddress>(c)) {
      o += "blockaddress(";
      symbol(o, ba->getFunction());
      o += "," + std::to_string(blockIndex(ba->getBasicBlock())) + ")";
    } else {
      std::string s;
      llvm::raw_string_ostream os(s);
      c->print(os);
      o += "other(" + os.str() + ")";
    }
  }

  long blockIndex(const llvm::BasicBlock *b) {
    auto it = blocks_.find(b);
    return it == blocks_.end() ? -1 : static_cast<long>(it->second);
  }

  void value(std::string &o, const llvm::Value *v) {
    if (auto *b = llvm::dyn_cast<llvm::BasicBlock>(v)) {
      o += "b" + std::to_string(blockIndex(b));
      return;
    }
    if (auto it = locals_.find(v); it != locals_.end()) {
      o += "%" + std::to_string(it->second);
      return;
    }
    if (auto *c = llvm::dyn_cast<llvm::Constant>(v)) {
      constant(o, c, 0);
      return;
    }
    if (auto *a = llvm::dyn_cast<llvm::InlineAsm>(v)) {
      o += "asm(" + a->getAsmString() + "|" + a->getConstraintString() +
           (a->hasSideEffects() ? "|side" : "") + (a->isAlignStack() ? "|align" : "") + ")";
      return;
    }
    if (llvm::isa<llvm::MetadataAsValue>(v)) {
      o += "md";
      return;
    }
    o += "?";
    unsupported = "an operand of an unknown kind";
  }

  void attributes(std::string &o, const llvm::AttributeList &attrs, unsigned params) {
    o += "{fn:" + attrs.getFnAttrs().getAsString() + ";ret:" + attrs.getRetAttrs().getAsString();
    for (unsigned i = 0; i < params; ++i) o += ";" + attrs.getParamAttrs(i).getAsString();
    o += "}";
  }

  static std::string ordering(llvm::AtomicOrdering a) { return llvm::toIRString(a); }

  // What an instruction does beyond its opcode, type and operands.
  bool state(std::string &o, const llvm::Instruction &i) {
    using namespace llvm;
    if (auto *ob = dyn_cast<OverflowingBinaryOperator>(&i)) {
      if (ob->hasNoUnsignedWrap()) o += " nuw";
      if (ob->hasNoSignedWrap()) o += " nsw";
    }
    if (auto *pe = dyn_cast<PossiblyExactOperator>(&i))
      if (pe->isExact()) o += " exact";
    if (isa<FPMathOperator>(&i)) o += " fmf" + std::to_string(i.getFastMathFlags().isFast() ? 255 : 0) +
                                      (i.hasNoNaNs() ? "n" : "") + (i.hasNoInfs() ? "i" : "") +
                                      (i.hasNoSignedZeros() ? "z" : "") +
                                      (i.hasAllowReciprocal() ? "r" : "") +
                                      (i.hasAllowContract() ? "c" : "") +
                                      (i.hasApproxFunc() ? "a" : "") +
                                      (i.hasAllowReassoc() ? "s" : "");
    switch (i.getOpcode()) {
    case Instruction::ICmp:
    case Instruction::FCmp:
      o += " pred" + std::to_string(cast<CmpInst>(i).getPredicate());
      return true;
    case Instruction::Alloca: {
      auto &a = cast<AllocaInst>(i);
      o += " ";
      type(o, a.getAllocatedType());
      o += " align" + std::to_string(a.getAlign().value());
      return true;
    }
    case Instruction::Load: {
      auto &l = cast<LoadInst>(i);
      o += " align" + std::to_string(l.getAlign().value()) + (l.isVolatile() ? " volatile" : "") +
           " " + ordering(l.getOrdering()) + " ss" + std::to_string(l.getSyncScopeID());
      return true;
    }
    case Instruction::Store: {
      auto &s = cast<StoreInst>(i);
      o += " align" + std::to_string(s.getAlign().value()) + (s.isVolatile() ? " volatile" : "") +
           " " + ordering(s.getOrdering()) + " ss" + std::to_string(s.getSyncScopeID());
      return true;
    }
    case Instruction::GetElementPtr: {
      auto &g = cast<GetElementPtrInst>(i);
      o += g.isInBounds() ? " inbounds " : " ";
      type(o, g.getSourceElementType());
      return true;
    }
    case Instruction::Call:
    case Instruction::Invoke: {
      auto &c = cast<CallBase>(i);
      o += " cc" + std::to_string(c.getCallingConv()) + " ";
      type(o, c.getFunctionType());
      attributes(o, c.getAttributes(), c.arg_size());
      if (auto *ci = dyn_cast<CallInst>(&i)) o += " tail" + std::to_string(ci->getTailCallKind());
      if (c.hasOperandBundles()) o += " bundles" + std::to_string(c.getNumOperandBundles());
      return true;
    }
    case Instruction::AtomicRMW: {
      auto &a = cast<AtomicRMWInst>(i);
      o += " op" + std::to_string(a.getOperation()) + " " + ordering(a.getOrdering()) +
           (a.isVolatile() ? " volatile" : "") + " align" + std::to_string(a.getAlign().value()) +
           " ss" + std::to_string(a.getSyncScopeID());
      return true;
    }
    case Instruction::AtomicCmpXchg: {
      auto &a = cast<AtomicCmpXchgInst>(i);
      o += " " + ordering(a.getSuccessOrdering()) + " " + ordering(a.getFailureOrdering()) +
           (a.isWeak() ? " weak" : "") + (a.isVolatile() ? " volatile" : "") + " align" +
           std::to_string(a.getAlign().value()) + " ss" + std::to_string(a.getSyncScopeID());
      return true;
    }
    case Instruction::Fence: {
      auto &f = cast<FenceInst>(i);
      o += " " + ordering(f.getOrdering()) + " ss" + std::to_string(f.getSyncScopeID());
      return true;
    }
    case Instruction::ExtractValue:
      for (unsigned idx : cast<ExtractValueInst>(i).indices()) o += " " + std::to_string(idx);
      return true;
    case Instruction::InsertValue:
      for (unsigned idx : cast<InsertValueInst>(i).indices()) o += " " + std::to_string(idx);
      return true;
    case Instruction::ShuffleVector:
      for (int m : cast<ShuffleVectorInst>(i).getShuffleMask()) o += " " + std::to_string(m);
      return true;
    case Instruction::PHI: {
      auto &p = cast<PHINode>(i);
      for (unsigned k = 0; k < p.getNumIncomingValues(); ++k)
        o += " from b" + std::to_string(blockIndex(p.getIncomingBlock(k)));
      return true;
    }
    case Instruction::LandingPad:
      o += cast<LandingPadInst>(i).isCleanup() ? " cleanup" : "";
      return true;
    case Instruction::Ret: case Instruction::Br: case Instruction::Switch:
    case Instruction::IndirectBr: case Instruction::Resume: case Instruction::Unreachable:
    case Instruction::FNeg: case Instruction::Add: case Instruction::FAdd: case Instruction::Sub:
    case Instruction::FSub: case Instruction::Mul: case Instruction::FMul: case Instruction::UDiv:
    case Instruction::SDiv: case Instruction::FDiv: case Instruction::URem: case Instruction::SRem:
    case Instruction::FRem: case Instruction::Shl: case Instruction::LShr: case Instruction::AShr:
    case Instruction::And: case Instruction::Or: case Instruction::Xor: case Instruction::Trunc:
    case Instruction::ZExt: case Instruction::SExt: case Instruction::FPToUI:
    case Instruction::FPToSI: case Instruction::UIToFP: case Instruction::SIToFP:
    case Instruction::FPTrunc: case Instruction::FPExt: case Instruction::PtrToInt:
    case Instruction::IntToPtr: case Instruction::BitCast: case Instruction::AddrSpaceCast:
    case Instruction::Select: case Instruction::VAArg: case Instruction::ExtractElement:
    case Instruction::InsertElement: case Instruction::Freeze:
      return true;
    default:
      return false;
    }
  }

  CanonicalText function(const llvm::Function &f) {
    std::string o;
    unsigned n = 0;
    for (const llvm::Argument &a : f.args()) locals_[&a] = n++;
    unsigned b = 0;
    for (const llvm::BasicBlock &bb : f) {
      blocks_[&bb] = b++;
      for (const llvm::Instruction &i : bb) locals_[&i] = n++;
    }
    o += "linkage" + std::to_string(f.getLinkage()) + " vis" + std::to_string(f.getVisibility()) +
         " dll" + std::to_string(f.getDLLStorageClass()) + " ua" +
         std::to_string(static_cast<int>(f.getUnnamedAddr())) + " cc" +
         std::to_string(f.getCallingConv()) + " ";
    type(o, f.getFunctionType());
    attributes(o, f.getAttributes(), f.arg_size());
    if (f.hasSection()) o += " section " + f.getSection().str();
    if (f.getAlign()) o += " align" + std::to_string(f.getAlign()->value());
    if (f.hasGC()) o += " gc " + f.getGC();
    if (f.hasPersonalityFn()) {
      o += " personality ";
      constant(o, f.getPersonalityFn(), 0);
    }
    if (f.hasPrefixData() || f.hasPrologueData()) o += " prefix/prologue";
    o += "\n";
    for (const llvm::BasicBlock &bb : f) {
      o += "b" + std::to_string(blocks_[&bb]) + ":\n";
      for (const llvm::Instruction &i : bb) {
        o += "  %" + std::to_string(locals_[&i]) + " = " + i.getOpcodeName() + " ";
        type(o, i.getType());
        if (!state(o, i) && unsupported.empty())
          unsupported = std::string("the instruction ") + i.getOpcodeName();
        for (const llvm::Use &u : i.operands()) {
          o += " ";
          value(o, u.get());
        }
        o += "\n";
      }
    }
    return {std::move(o), unsupported};
  }

  CanonicalText variable(const llvm::GlobalVariable &v) {
    std::string o = "linkage" + std::to_string(v.getLinkage()) + " vis" +
                    std::to_string(v.getVisibility()) + " tls" +
                    std::to_string(v.getThreadLocalMode()) + " ua" +
                    std::to_string(static_cast<int>(v.getUnnamedAddr())) +
                    (v.isConstant() ? " const" : "") +
                    (v.isExternallyInitialized() ? " extinit" : "") + " as" +
                    std::to_string(v.getAddressSpace()) + " ";
    if (v.hasSection()) o += "section " + v.getSection().str() + " ";
    if (v.getAlign()) o += "align" + std::to_string(v.getAlign()->value()) + " ";
    type(o, v.getValueType());
    if (v.hasInitializer()) {
      o += " = ";
      constant(o, v.getInitializer(), 0);
    }
    return {std::move(o), unsupported};
  }

private:
  const llvm::Function *current_;
  std::map<const llvm::Value *, unsigned> locals_;
  std::map<const llvm::BasicBlock *, unsigned> blocks_;
};

} // namespace

CanonicalText canonicalFunction(const llvm::Function &f) { return Writer(&f).function(f); }

CanonicalText canonicalVariable(const llvm::GlobalVariable &v) { return Writer(nullptr).variable(v); }

} // namespace provcheck::clangmap
