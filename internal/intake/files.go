package intake

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/scp-portal/portal/internal/app"
)

// Limits on supporting documents.
const (
	MaxFiles    = 5
	MaxFileSize = 10 << 20
)

// AllowedFiles says, for the form's hint, which files are accepted.
const AllowedFiles = "PDF, Word, Excel, PNG, JPEG or GIF"

// DetectType returns the content type of an allowed document from its content (never its name or
// what the browser said), or "" when it is not one of the allowed kinds.
func DetectType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// An OLE2 compound file: Word 97-2003 or Excel 97-2003 (told apart by their streams).
		if bytes.Contains(data, utf16("WordDocument")) {
			return "application/msword"
		}
		if bytes.Contains(data, utf16("Workbook")) || bytes.Contains(data, utf16("Book")) {
			return "application/vnd.ms-excel"
		}
		return ""
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return officeOpenXML(data)
	}
	switch ct := http.DetectContentType(data); ct {
	case "image/png", "image/jpeg", "image/gif":
		return ct
	}
	return ""
}

func utf16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// officeOpenXML tells a .docx or .xlsx from any other zip file by the parts inside it.
func officeOpenXML(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	hasTypes := false
	kind := ""
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			hasTypes = true
		case strings.HasPrefix(f.Name, "word/"):
			kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case strings.HasPrefix(f.Name, "xl/"):
			kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
	}
	if !hasTypes {
		return ""
	}
	return kind
}

// CleanFilename keeps a file's own name but nothing that could be a path or a control character.
func CleanFilename(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		name = "document"
	}
	if len(name) > maxFilename {
		ext := filepath.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		name = cut(strings.TrimSuffix(name, ext), maxFilename-len(ext)) + ext
	}
	return name
}

// maxFilename is the most bytes of a document's name kept.
const maxFilename = 200

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Upload is one document sent with a form: its name as the sender's computer gave it, its size,
// and how to read it.
type Upload struct {
	Name string
	Size int64
	Open func() (io.ReadCloser, error)
}

// addFiles checks and stores uploaded documents on a draft, inside the caller's transaction, and
// returns a problem for each one refused: too large, empty, not an allowed kind, or one too many.
func addFiles(ctx context.Context, tx pgx.Tx, requestID int64, files []Upload) (app.Problems, error) {
	var problems app.Problems
	refuse := func(msg string) { problems.Add("files", msg) }
	for _, f := range files {
		if f.Size == 0 && f.Name == "" {
			continue // the empty file input
		}
		name := CleanFilename(f.Name)
		if f.Size > MaxFileSize {
			refuse(fmt.Sprintf("The file %s is larger than %d MB", name, MaxFileSize>>20))
			continue
		}
		if f.Size == 0 {
			refuse("The file " + name + " is empty")
			continue
		}
		data, err := readUpload(f)
		if err != nil {
			return nil, err
		}
		if len(data) > MaxFileSize { // larger than it said
			refuse(fmt.Sprintf("The file %s is larger than %d MB", name, MaxFileSize>>20))
			continue
		}
		ct := DetectType(data)
		if ct == "" {
			refuse("The file " + name + " must be a " + AllowedFiles + " file")
			continue
		}
		if _, err := AddAttachment(ctx, tx, requestID, name, ct, data); errors.Is(err, ErrTooMany) {
			refuse(fmt.Sprintf("You can attach up to %d files: %s was not added", MaxFiles, name))
		} else if err != nil {
			return nil, err
		}
	}
	return problems, nil
}

func readUpload(f Upload) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, MaxFileSize+1))
}
