/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dtrace(1): the D grammar.
 *
 * A D program is a sequence of declarations and probe clauses:
 *
 *	probe-descriptions [/predicate/] [{ statement; ... }]
 *
 * The expressions are C's, with C's precedence, plus D's: ^^ (logical
 * exclusive or), stringof, self-> and this-> variables, @aggregations,
 * $macro arguments.  The parser builds a tree; dt_cc.c turns each clause
 * into an enabling as soon as it is complete, so that declarations and
 * pragmas take effect in program order.
 */

%define api.prefix {dt_yy}
%locations

%{
#include <stdio.h>
#include <string.h>

#include "dtrace.h"

static struct dt_declspec dt_gram_ds;

static void dt_sou_body(const struct dt_loc *loc, unsigned int kind,
			const char *tag);

#define LOC(l) (&(struct dt_loc){ (l).first_line, (l).first_column })
%}

%code provides {
void dt_yyerror(const char *msg);
int dt_yylex(void);
}

%union {
	char *str;
	struct dt_node *node;
	const struct dt_type *type;
	int nptr;
	unsigned int tspec;
	struct dt_declarator *decl;
}

%token <str> DT_TOK_PSPEC DT_TOK_IDENT DT_TOK_AGG
%token <node> DT_TOK_INT DT_TOK_STRING
%token <type> DT_TOK_TNAME
%token DT_TOK_BPRED DT_TOK_EPRED
%token DT_TOK_PTR DT_TOK_INC DT_TOK_DEC
%token DT_TOK_SHL DT_TOK_SHR DT_TOK_LE DT_TOK_GE DT_TOK_EQU DT_TOK_NEQ
%token DT_TOK_LAND DT_TOK_LOR DT_TOK_LXOR
%token DT_TOK_ADD_EQ DT_TOK_SUB_EQ DT_TOK_MUL_EQ DT_TOK_DIV_EQ
%token DT_TOK_MOD_EQ DT_TOK_AND_EQ DT_TOK_XOR_EQ DT_TOK_OR_EQ
%token DT_TOK_SHL_EQ DT_TOK_SHR_EQ DT_TOK_ELLIPSIS
%token DT_KEY_AUTO DT_KEY_CHAR DT_KEY_CONST DT_KEY_DOUBLE DT_KEY_ELSE
%token DT_KEY_ENUM DT_KEY_EXTERN DT_KEY_FLOAT DT_KEY_IF DT_KEY_INLINE
%token DT_KEY_INT DT_KEY_LONG DT_KEY_OFFSETOF DT_KEY_PROVIDER
%token DT_KEY_REGISTER DT_KEY_RESTRICT DT_KEY_SELF DT_KEY_SHORT
%token DT_KEY_SIGNED DT_KEY_SIZEOF DT_KEY_STATIC DT_KEY_STRING
%token DT_KEY_STRINGOF DT_KEY_STRUCT DT_KEY_THIS DT_KEY_XLATOR
%token DT_KEY_TYPEDEF DT_KEY_UNION DT_KEY_UNSIGNED DT_KEY_VOID
%token DT_KEY_VOLATILE DT_KEY_XLATE

%type <node> probe_specifiers predicate statement_list statement
%type <node> expression assignment_expression conditional_expression
%type <node> logical_or_expression logical_xor_expression
%type <node> logical_and_expression inclusive_or_expression
%type <node> exclusive_or_expression and_expression equality_expression
%type <node> relational_expression shift_expression additive_expression
%type <node> multiplicative_expression cast_expression unary_expression
%type <node> postfix_expression primary_expression argument_list
%type <node> type_name array_params array_param
%type <nptr> pointer pointer_opt
%type <tspec> type_specifier sou_keyword
%type <str> tag_name
%type <decl> declarator direct_declarator init_declarator
%type <str> member_name
%type <node> member_designator

%%

d_program:
	  %empty		{ dt_cc_empty(); }
	| translation_unit
	;

translation_unit:
	  external_decl
	| translation_unit external_decl
	;

external_decl:
	  declaration
	| probe_definition
	;

probe_definition:
	  probe_specifiers {
		dt_cc_clause($1, NULL, NULL, LOC(@1), 0);
	}
	| probe_specifiers predicate {
		dt_cc_clause($1, $2, NULL, LOC(@1), 0);
	}
	| probe_specifiers '{' statement_list '}' {
		dt_cc_clause($1, NULL, $3, LOC(@1), 1);
	}
	| probe_specifiers predicate '{' statement_list '}' {
		dt_cc_clause($1, $2, $4, LOC(@1), 1);
	}
	;

probe_specifiers:
	  DT_TOK_PSPEC		{ $$ = dt_cc_pspec(LOC(@1), $1); }
	| probe_specifiers ',' DT_TOK_PSPEC {
		$$ = dt_node_append($1, dt_cc_pspec(LOC(@3), $3));
	}
	;

predicate:
	  DT_TOK_BPRED expression DT_TOK_EPRED	{ $$ = $2; }
	;

statement_list:
	  statement		{ $$ = $1; }
	| statement_list ';' statement	{ $$ = dt_node_append($1, $3); }
	;

statement:
	  %empty		{ $$ = NULL; }
	| expression		{ $$ = $1; }
	;

/* --- Expressions ---------------------------------------------------- */

primary_expression:
	  DT_TOK_IDENT		{ $$ = dt_node_ident(LOC(@1), $1); }
	| DT_TOK_AGG		{ $$ = dt_node_agg(LOC(@1), $1, NULL); }
	| DT_TOK_INT		{ $$ = $1; }
	| DT_TOK_STRING		{ $$ = $1; }
	| DT_KEY_SELF		{ $$ = dt_node_kw(LOC(@1), DT_NODE_SELF); }
	| DT_KEY_THIS		{ $$ = dt_node_kw(LOC(@1), DT_NODE_THIS); }
	| '(' expression ')'	{ $$ = $2; $$->flags |= DT_NF_PAREN; }
	;

member_name:
	  DT_TOK_IDENT		{ $$ = $1; }
	| DT_TOK_TNAME		{ $$ = dt_strdup($1->name); }
	;

postfix_expression:
	  primary_expression
	| postfix_expression '[' argument_list ']' {
		if ($1->kind == DT_NODE_AGG && !$1->args)
			$$ = dt_node_agg(LOC(@1), $1->string, $3);
		else
			$$ = dt_node_op2(LOC(@1), DT_OP_INDEX, $1, $3);
	}
	| postfix_expression '(' ')' {
		$$ = dt_node_func(LOC(@1), $1, NULL);
	}
	| postfix_expression '(' argument_list ')' {
		$$ = dt_node_func(LOC(@1), $1, $3);
	}
	| postfix_expression '.' member_name {
		$$ = dt_node_member(LOC(@2), DT_OP_DOT, $1, $3);
	}
	| postfix_expression DT_TOK_PTR member_name {
		$$ = dt_node_member(LOC(@2), DT_OP_PTR, $1, $3);
	}
	| postfix_expression DT_TOK_INC {
		$$ = dt_node_op1(LOC(@2), DT_OP_POSTINC, $1);
	}
	| postfix_expression DT_TOK_DEC {
		$$ = dt_node_op1(LOC(@2), DT_OP_POSTDEC, $1);
	}
	;

/* offsetof(type, a.b): the names, as a list of identifier nodes. */
member_designator:
	  member_name		{ $$ = dt_node_ident(LOC(@1), $1); }
	| member_designator '.' member_name {
		$$ = dt_node_append($1, dt_node_ident(LOC(@3), $3));
	}
	;

argument_list:
	  assignment_expression	{ $$ = $1; }
	| argument_list ',' assignment_expression {
		$$ = dt_node_append($1, $3);
	}
	;

unary_expression:
	  postfix_expression
	| DT_TOK_INC unary_expression {
		$$ = dt_node_op1(LOC(@1), DT_OP_PREINC, $2);
	}
	| DT_TOK_DEC unary_expression {
		$$ = dt_node_op1(LOC(@1), DT_OP_PREDEC, $2);
	}
	| '&' cast_expression	{ $$ = dt_node_op1(LOC(@1), DT_OP_ADDROF, $2); }
	| '*' cast_expression	{ $$ = dt_node_op1(LOC(@1), DT_OP_DEREF, $2); }
	| '+' cast_expression	{ $$ = dt_node_op1(LOC(@1), DT_OP_IPOS, $2); }
	| '-' cast_expression	{ $$ = dt_node_op1(LOC(@1), DT_OP_INEG, $2); }
	| '~' cast_expression	{ $$ = dt_node_op1(LOC(@1), DT_OP_BNEG, $2); }
	| '!' cast_expression	{ $$ = dt_node_op1(LOC(@1), DT_OP_LNEG, $2); }
	| DT_KEY_SIZEOF unary_expression {
		$$ = dt_node_op1(LOC(@1), DT_OP_SIZEOF, $2);
	}
	| DT_KEY_SIZEOF '(' type_name ')' {
		$$ = dt_node_op1(LOC(@1), DT_OP_SIZEOF, $3);
	}
	| DT_KEY_OFFSETOF '(' type_name ',' member_designator ')' {
		$$ = dt_node_offsetof(LOC(@1), $3, $5);
	}
	| DT_KEY_STRINGOF unary_expression {
		$$ = dt_node_op1(LOC(@1), DT_OP_STRINGOF, $2);
	}
	;

cast_expression:
	  unary_expression
	| '(' type_name ')' cast_expression {
		$$ = dt_node_op2(LOC(@1), DT_OP_CAST, $2, $4);
	}
	;

multiplicative_expression:
	  cast_expression
	| multiplicative_expression '*' cast_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_MUL, $1, $3);
	}
	| multiplicative_expression '/' cast_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_DIV, $1, $3);
	}
	| multiplicative_expression '%' cast_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_MOD, $1, $3);
	}
	;

additive_expression:
	  multiplicative_expression
	| additive_expression '+' multiplicative_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_ADD, $1, $3);
	}
	| additive_expression '-' multiplicative_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_SUB, $1, $3);
	}
	;

shift_expression:
	  additive_expression
	| shift_expression DT_TOK_SHL additive_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_SHL, $1, $3);
	}
	| shift_expression DT_TOK_SHR additive_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_SHR, $1, $3);
	}
	;

relational_expression:
	  shift_expression
	| relational_expression '<' shift_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_LT, $1, $3);
	}
	| relational_expression '>' shift_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_GT, $1, $3);
	}
	| relational_expression DT_TOK_LE shift_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_LE, $1, $3);
	}
	| relational_expression DT_TOK_GE shift_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_GE, $1, $3);
	}
	;

equality_expression:
	  relational_expression
	| equality_expression DT_TOK_EQU relational_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_EQU, $1, $3);
	}
	| equality_expression DT_TOK_NEQ relational_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_NEQ, $1, $3);
	}
	;

and_expression:
	  equality_expression
	| and_expression '&' equality_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_BAND, $1, $3);
	}
	;

exclusive_or_expression:
	  and_expression
	| exclusive_or_expression '^' and_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_XOR, $1, $3);
	}
	;

inclusive_or_expression:
	  exclusive_or_expression
	| inclusive_or_expression '|' exclusive_or_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_BOR, $1, $3);
	}
	;

logical_and_expression:
	  inclusive_or_expression
	| logical_and_expression DT_TOK_LAND inclusive_or_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_LAND, $1, $3);
	}
	;

logical_xor_expression:
	  logical_and_expression
	| logical_xor_expression DT_TOK_LXOR logical_and_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_LXOR, $1, $3);
	}
	;

logical_or_expression:
	  logical_xor_expression
	| logical_or_expression DT_TOK_LOR logical_xor_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_LOR, $1, $3);
	}
	;

conditional_expression:
	  logical_or_expression
	| logical_or_expression '?' expression ':' conditional_expression {
		$$ = dt_node_op3(LOC(@2), $1, $3, $5);
	}
	;

assignment_expression:
	  conditional_expression
	| unary_expression '=' assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_ASGN, $1, $3);
	}
	| unary_expression DT_TOK_MUL_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_MUL_EQ, $1, $3);
	}
	| unary_expression DT_TOK_DIV_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_DIV_EQ, $1, $3);
	}
	| unary_expression DT_TOK_MOD_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_MOD_EQ, $1, $3);
	}
	| unary_expression DT_TOK_ADD_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_ADD_EQ, $1, $3);
	}
	| unary_expression DT_TOK_SUB_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_SUB_EQ, $1, $3);
	}
	| unary_expression DT_TOK_SHL_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_SHL_EQ, $1, $3);
	}
	| unary_expression DT_TOK_SHR_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_SHR_EQ, $1, $3);
	}
	| unary_expression DT_TOK_AND_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_AND_EQ, $1, $3);
	}
	| unary_expression DT_TOK_XOR_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_XOR_EQ, $1, $3);
	}
	| unary_expression DT_TOK_OR_EQ assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_OR_EQ, $1, $3);
	}
	;

expression:
	  assignment_expression
	| expression ',' assignment_expression {
		$$ = dt_node_op2(LOC(@2), DT_OP_COMMA, $1, $3);
	}
	;

/* --- Declarations --------------------------------------------------- */

declaration:
	  declaration_specifiers ';' {
		dt_declare(&dt_gram_ds, NULL);
		dt_grammar_decl_done();
	}
	| declaration_specifiers init_declarator_list ';' {
		dt_grammar_decl_done();
	}
	;

declaration_specifiers:
	  declaration_specifier {
		if (!dt_gram_ds.loc.line)
			dt_gram_ds.loc = *LOC(@1);
	}
	| declaration_specifiers declaration_specifier
	;

declaration_specifier:
	  storage_class
	| type_specifier {
		dt_declspec_add(&dt_gram_ds, $1, LOC(@1));
	}
	| type_qualifier
	;

storage_class:
	  DT_KEY_SELF		{ dt_gram_ds.dclass |= DT_DS_SELF; }
	| DT_KEY_THIS		{ dt_gram_ds.dclass |= DT_DS_THIS; }
	| DT_KEY_INLINE		{ dt_gram_ds.dclass |= DT_DS_INLINE; }
	| DT_KEY_EXTERN		{ dt_gram_ds.dclass |= DT_DS_EXTERN; }
	| DT_KEY_STATIC		{ dt_gram_ds.dclass |= DT_DS_STATIC; }
	| DT_KEY_REGISTER	{ dt_gram_ds.dclass |= DT_DS_REGISTER; }
	| DT_KEY_AUTO		{ }
	| DT_KEY_TYPEDEF	{ dt_gram_ds.dclass |= DT_DS_TYPEDEF; }
	;

type_specifier:
	  DT_KEY_VOID		{ $$ = DT_TS_VOID; }
	| DT_KEY_CHAR		{ $$ = DT_TS_CHAR; }
	| DT_KEY_SHORT		{ $$ = DT_TS_SHORT; }
	| DT_KEY_INT		{ $$ = DT_TS_INT; }
	| DT_KEY_LONG		{ $$ = DT_TS_LONG; }
	| DT_KEY_FLOAT		{ $$ = DT_TS_FLOAT; }
	| DT_KEY_DOUBLE		{ $$ = DT_TS_DOUBLE; }
	| DT_KEY_SIGNED		{ $$ = DT_TS_SIGNED; }
	| DT_KEY_UNSIGNED	{ $$ = DT_TS_UNSIGNED; }
	| DT_KEY_STRING		{ $$ = DT_TS_STRING; }
	| DT_TOK_TNAME		{ dt_gram_ds.tname = $1; $$ = DT_TS_NAME; }
	| sou_keyword tag_name {
		dt_gram_ds.tname = dt_type_tag($1, $2, LOC(@2));
		$$ = DT_TS_NAME;
	}
	| sou_keyword tag_name '{' {
		dt_sou_body(LOC(@3), $1, $2);
		$$ = DT_TS_SOU;
	}
	| sou_keyword '{' {
		dt_sou_body(LOC(@2), $1, NULL);
		$$ = DT_TS_SOU;
	}
	| DT_KEY_XLATOR		{ $$ = DT_TS_SOU; }
	| DT_KEY_PROVIDER	{ $$ = DT_TS_SOU; }
	;

/* The kernel's structs, unions and enums, by tag: see dt_btf.c. */
sou_keyword:
	  DT_KEY_STRUCT		{ $$ = DT_TK_STRUCT; }
	| DT_KEY_UNION		{ $$ = DT_TK_UNION; }
	| DT_KEY_ENUM		{ $$ = DT_TK_ENUM; }
	;

tag_name:
	  DT_TOK_IDENT		{ $$ = $1; }
	| DT_TOK_TNAME		{ $$ = dt_strdup($1->name); }
	;

type_qualifier:
	  DT_KEY_CONST		{ dt_gram_ds.dclass |= DT_DS_CONST; }
	| DT_KEY_VOLATILE	{ }
	| DT_KEY_RESTRICT	{ }
	;

init_declarator_list:
	  init_declarator	{ dt_declare(&dt_gram_ds, $1); }
	| init_declarator_list ',' init_declarator {
		dt_declare(&dt_gram_ds, $3);
	}
	;

init_declarator:
	  declarator
	| declarator '=' assignment_expression {
		$$ = $1;
		$$->init = $3;
	}
	;

declarator:
	  pointer_opt direct_declarator {
		$$ = $2;
		$$->nptr += $1;
	}
	;

direct_declarator:
	  DT_TOK_IDENT {
		$$ = dt_zalloc(sizeof(*$$));
		$$->name = $1;
		$$->loc = *LOC(@1);
	}
	| '(' declarator ')'	{ $$ = $2; }
	| direct_declarator '[' ']' {
		$$ = $1;
		$$->kind = 1;
	}
	| direct_declarator '[' array_params ']' {
		$$ = $1;
		$$->kind = 1;
		$$->dims = $3;
		$$->ndims = dt_node_list_len($3);
	}
	| direct_declarator '(' ')' {
		$$ = $1;
		$$->kind = 2;
	}
	| direct_declarator '(' parameter_list ')' {
		$$ = $1;
		$$->kind = 2;
	}
	;

array_params:
	  array_param		{ $$ = $1; }
	| array_params ',' array_param	{ $$ = dt_node_append($1, $3); }
	;

array_param:
	  type_name		{ $$ = $1; }
	| conditional_expression	{ $$ = $1; }
	;

parameter_list:
	  parameter
	| parameter_list ',' parameter
	;

parameter:
	  param_specifiers
	| param_specifiers pointer
	| param_specifiers pointer_opt DT_TOK_IDENT
	| DT_TOK_ELLIPSIS
	;

param_specifiers:
	  type_specifier
	| param_specifiers type_specifier
	| type_qualifier
	| param_specifiers type_qualifier
	;

pointer_opt:
	  %empty		{ $$ = 0; }
	| pointer		{ $$ = $1; }
	;

pointer:
	  '*'			{ $$ = 1; }
	| '*' pointer		{ $$ = $2 + 1; }
	| '*' type_qualifier	{ $$ = 1; }
	;

/*
 * A type name in a cast or sizeof: specifiers, then stars.  It uses a
 * declaration specifier of its own so that it may appear inside a
 * declaration's initializer.
 */
type_name:
	  { dt_type_ds_push(); } type_name_specifiers pointer_opt {
		$$ = dt_type_ds_pop(LOC(@2), $3);
	}
	;

type_name_specifiers:
	  type_specifier	{ dt_type_ds_add($1, LOC(@1)); }
	| type_name_specifiers type_specifier {
		dt_type_ds_add($2, LOC(@2));
	}
	| type_qualifier
	| type_name_specifiers type_qualifier
	;

%%

/*
 * Type names nest inside declarations (int x[sizeof (int)]): they use a
 * stack of declaration specifiers.
 */
static struct dt_declspec dt_tn_stack[16];
static int dt_tn_depth;

void dt_type_ds_push(void)
{
	if (dt_tn_depth >= (int)ARRAY_SIZE(dt_tn_stack))
		dt_cerror(NULL, D_SYNTAX, "type names nested too deeply");
	dt_tn_stack[dt_tn_depth++] = dt_gram_ds;
	memset(&dt_gram_ds, 0, sizeof(dt_gram_ds));
}

void dt_type_ds_add(unsigned int tspec, const struct dt_loc *loc)
{
	dt_declspec_add(&dt_gram_ds, tspec, loc);
}

struct dt_node *dt_type_ds_pop(const struct dt_loc *loc, int nptr)
{
	struct dt_node *n;

	dt_gram_ds.loc = *loc;
	n = dt_node_typename(&dt_gram_ds, nptr);
	dt_gram_ds = dt_tn_stack[--dt_tn_depth];
	return n;
}

/* D's own struct, union and enum definitions: not yet. */
static void dt_sou_body(const struct dt_loc *loc, unsigned int kind,
			const char *tag)
{
	const char *kw = kind == DT_TK_UNION ? "union" :
			 kind == DT_TK_ENUM ? "enum" : "struct";

	if (tag)
		dt_cerror(loc, D_IDENT_UNSUPP,
			  "%s definitions are not supported yet: %s %s { }",
			  kw, kw, tag);
	dt_cerror(loc, D_IDENT_UNSUPP, "%s definitions are not supported yet",
		  kw);
}

void dt_grammar_reset(void)
{
	memset(&dt_gram_ds, 0, sizeof(dt_gram_ds));
	dt_tn_depth = 0;
}

void dt_grammar_decl_done(void)
{
	memset(&dt_gram_ds, 0, sizeof(dt_gram_ds));
}

void dt_yyerror(const char *msg)
{
	struct dt_loc loc = dt_lex_loc();
	const char *text = dt_lex_text();

	if (dt_yychar == DT_YYEOF || !text || !*text) {
		loc = dt_lex_pos();
		dt_cerror(&loc, D_SYNTAX, "syntax error near end of input");
	}
	dt_cerror(&loc, D_SYNTAX, "syntax error near \"%s\"", text);
}
