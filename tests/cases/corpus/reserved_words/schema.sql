-- Reserved words of every target as schema, table, column, enum, label and
-- composite names: Python keywords and builtins, what a SQLAlchemy declarative
-- class or a Pydantic model already defines, the names our generated modules
-- import or define (Base, Json, Database, Tables, z...), TypeScript/JavaScript
-- reserved words and the object internals of a JavaScript runtime (constructor,
-- __proto__, toString), so a key that becomes a prototype or a shadowed import
-- shows up as a type error or a lost value; and l, I, O, which ruff rejects as
-- names (E741/E742).
create schema "class";
create schema "__proto__";

create type "class"."type" as enum ('class', 'None', 'default', 'constructor', '__proto__', 'toString', 'name', 'value');
create type "class"."Json" as enum ('null', 'true', 'false', 'undefined');
create type "class"."Database" as enum ('Tables', 'Views', 'Enums');
create type "class"."z" as enum ('z', 'string', 'object');
create type public."enum" as enum ('Enum', 'enum', 'StrEnum');
create type public."Mapped" as enum ('mapped_column', 'relationship');
create type public."BaseModel" as (model_config text, "metadata" text, "__proto__" text, "constructor" int);
create type public."Record" as ("class" int, "default" text);
create type "__proto__"."constructor" as enum ('prototype', '__proto__');
create type "class"."def" as enum ('return', 'yield');

create table public."select" (
  id integer primary key,
  "class" text, "from" text, "def" text, "import" text, "lambda" text, "None" text, "True" text,
  "False" text, "self" text, "cls" text, "async" text, "await" text, "yield" text, "global" text,
  "nonlocal" text, "pass" text, "print" text, "object" text, "int" text, "float" text, "bool" text,
  "bytes" text, "dict" text, "list" text, "set" text, "tuple" text, "type" "class"."type",
  "metadata" text, "registry" text, "query" text, "query_class" text, "awaitable_attrs" text,
  "__tablename__" text, "__table__" text, "__table_args__" text, "__mapper__" text,
  "__mapper_args__" text, "__init__" text, "__class__" text, "__dict__" text, "__slots__" text,
  "_sa_instance_state" text, "_sa_registry" text, "type_annotation_map" text,
  "model_config" text, "model_fields" text, "model_dump" text, "model_validate" text,
  "model_post_init" text, "model_extra" text, "schema" text, "schema_json" text, "validate" text,
  "copy" text, "json" "class"."Json", "fields" text, "__fields__" text, "__pydantic_fields__" text,
  "Base" text, "Mapped" public."Mapped", "mapped_column" text, "relationship" text, "Field" text,
  "BaseModel" public."BaseModel", "ConfigDict" text, "Any" text, "Optional" text, "Annotated" text,
  "datetime" timestamptz, "decimal" numeric, "uuid" uuid, "enum" public."enum", "typing" text,
  "sqlalchemy" text, "pydantic" text, "text" text, "Text" text, "Integer" integer, "String" text,
  "Column" text, "Table" text, "MetaData" text, "ForeignKey" text, "Identity" text,
  "Json" jsonb, "Database" "class"."Database", "Tables" text, "Views" text, "Enums" text,
  "CompositeTypes" text, "Functions" text, "Constants" text, "Row" text, "Insert" text,
  "Update" text, "z" "class"."z", "zJson" text, "zDatabase" text, "Record" public."Record",
  "default" text, "constructor" text, "__proto__" text, "prototype" text, "toString" text,
  "valueOf" text, "hasOwnProperty" text, "isPrototypeOf" text, "__defineGetter__" text,
  "length" text, "name" text, "arguments" text, "eval" text, "function" text, "var" text,
  "let" text, "const" text, "new" text, "delete" text, "typeof" text, "instanceof" text,
  "void" text, "null" text, "undefined" text, "NaN" text, "Infinity" text, "this" text,
  "super" text, "interface" text, "implements" text, "package" text, "private" text,
  "protected" text, "public" text, "static" text, "keyof" text, "infer" text, "never" text,
  "unknown" text, "any" text, "number" text, "string" text, "boolean" text, "bigint" text,
  "symbol" text, "export" text, "require" text, "module" text, "exports" text, "Promise" text,
  "Array" text, "Object" text, "Date" text, "Error" text, "Partial" text, "Omit" text,
  "ApiError" text, "ListOptions" text, "getClient" text, "configureClient" text,
  "queryOptions" text, "Route" text, "React" text, "Link" text, "key" text, "ref" text,
  "children" text, "signal" text, "options" text, "page" text, "pageSize" text, "filters" text,
  "l" text, "I" text, "O" text
);
comment on table public."select" is 'Every column is named like something a target already uses.';

-- Tables named like the names a generated module imports or defines, or a JS global.
create table public."class" (id integer primary key, "select_id" integer references public."select" (id));
create table public."from" (id integer primary key);
create table public."Base" (id integer primary key);
create table public."Json" (id integer primary key, "Json" jsonb);
create table public."Database" (id integer primary key, "Database" text);
create table public."Tables" (id integer primary key);
create table public."default" (id integer primary key, "default" text default 'default');
create table public."constructor" (id integer primary key, "constructor" text);
create table public."__proto__" (id integer primary key, "__proto__" text, "toString" text);
create table public."metadata" (id integer primary key);
create table public."model_config" (id integer primary key);
create table public."registry" (id integer primary key);
create table public."query" (id integer primary key);
create table public."type" (id integer primary key, "type" "class"."type");
create table public."z" (id integer primary key);
create table public."Object" (id integer primary key);
create table public."Promise" (id integer primary key);
create table public."hasOwnProperty" (id integer primary key);
create table public."toString" (id integer primary key);
create table public."Route" (id integer primary key);
create table public."ApiError" (id integer primary key);
create table public."Client" (id integer primary key);
create table public."Insert" (id integer primary key);
create table public."Row" (id integer primary key);
create table public."None" (id integer primary key);
create table public."O" (id integer primary key, "l" integer);
create table public."self" (id integer primary key, "self" integer references public."self" (id));

-- The same words as schema names.
create table "class"."from" (
  "import" integer primary key,
  "def" "class"."def",
  "class_id" integer references public."class" (id)
);
create table "__proto__"."__proto__" (
  "constructor" integer primary key,
  "prototype" "__proto__"."constructor",
  "toString" text
);
create view "__proto__"."valueOf" as select "constructor", "toString" from "__proto__"."__proto__";
