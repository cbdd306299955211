module example.com/pmonly

go 1.19
